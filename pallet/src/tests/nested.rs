//! Nested calls: commit and roll back through the host, large outcomes, debug output, traps.

use super::*;

/// `CALLER`'s input: call `callee` with `input` (`flags` bit 0: revert after).
pub(super) fn caller_input(flags: u8, callee: &AccountId32, input: &[u8]) -> Vec<u8> {
    [
        &[flags][..],
        &raw(callee),
        &0u128.to_le_bytes(),
        &0u64.to_le_bytes(),
        input,
    ]
    .concat()
}

#[test]
fn nested_calls_commit_or_roll_back_through_the_host() {
    new_test_ext().execute_with(|| {
        let caller = deploy(fixtures::CALLER, &[]);
        let counter = deploy(fixtures::COUNTER, &[]);
        let reverter = deploy(fixtures::REVERTER, &[]);

        let ok = dry_call(ALICE, &caller, &caller_input(0, &counter, &[0]));
        assert_eq!(ok.return_data[0], 0);
        assert_ok!(call(&caller)
            .input(caller_input(0, &counter, &[0]))
            .dispatch());
        assert_eq!(
            dry_call(ALICE, &counter, &[1]).return_data,
            1u64.to_le_bytes()
        );

        let reverter_info = ContractInfoOf::<Test>::get(raw(&reverter)).unwrap();
        let child = sp_core::storage::ChildInfo::new_default(&reverter_info.trie_id);
        assert_ok!(call(&caller)
            .input(caller_input(0, &reverter, b"no"))
            .dispatch());
        assert_eq!(
            sp_io::default_child_storage::get(child.storage_key(), b"touched"),
            None,
            "the reverted callee's write rolled back"
        );

        // Re-entrancy is refused (2), a missing contract is 3.
        assert_eq!(
            dry_call(ALICE, &caller, &caller_input(0, &caller, &[])).return_data,
            [2]
        );
        assert_eq!(
            dry_call(
                ALICE,
                &caller,
                &caller_input(0, &AccountId32::new([7; 32]), &[])
            )
            .return_data,
            [3]
        );
    });
}

#[test]
fn a_large_outcome_comes_back_through_take_outcome() {
    new_test_ext().execute_with(|| {
        let reverter = deploy(fixtures::REVERTER, &[]);
        let input: Vec<u8> = (0..40_000u32).map(|i| i as u8).collect();
        let dry = dry_call(ALICE, &reverter, &input);
        assert_eq!(dry.status, Some(Status::Revert(1)));
        assert_eq!(dry.return_data, input);
        assert!(dry.encode().len() > 16 * 1024);
    });
}

#[test]
fn debug_output_comes_back_from_dry_runs_only() {
    new_test_ext().execute_with(|| {
        let context = deploy(fixtures::CONTEXT, &[]);
        let dry = call(&context).origin(BOB).input(vec![0]).gas(GAS).dry_run();
        assert_eq!(dry.debug, [b"context".to_vec()]);
        // The same call as a transaction carries none, and costs the same.
        let real = call(&context).origin(BOB).input(vec![0]).build();
        assert!(real.debug.is_empty());
        assert_eq!(real.result, Ok(()));
        assert_eq!(real.gas_consumed, dry.gas_consumed);
    });
}

#[test]
fn the_largest_outcome_the_vm_allows_fits_the_runtimes_limit() {
    // Return data, events, debug output and effects, each at its cap.
    let limits = VmLimits::get();
    let event_bytes = (limits.execution.max_events_len / limits.execution.max_events) as usize;
    let ended = runtime_vm_primitives::Outcome {
        status: Status::Success,
        gas_used: u64::MAX,
        return_data: vec![0; limits.execution.max_return_data_len as usize],
        events: (0..limits.execution.max_events)
            .map(|_| runtime_vm_primitives::Event {
                contract: [0; 32],
                topics: vec![[0; 32]; 4],
                data: vec![0; event_bytes - 4 * 32],
            })
            .collect(),
        debug: vec![
            String::new();
            (limits.execution.max_debug_output_len / runtime_vm_primitives::DEBUG_MESSAGE_OVERHEAD)
                as usize
        ],
    };
    let outcome = crate::primitives::ExecOutcome {
        result: Ok(crate::primitives::Ended::Native(ended)),
        fuel_used: u64::MAX,
        proof_size: u64::MAX,
        // The most a node reports per effect counted: a termination, its
        // transfer and its removal.
        effects: (0..limits.execution.max_effects)
            .flat_map(|_| {
                [
                    crate::primitives::Effect::Transfer(crate::primitives::Transfer {
                        from: [0; 32],
                        to: [0; 32],
                        amount: u128::MAX,
                    }),
                    crate::primitives::Effect::Terminated {
                        contract: [0; 32],
                        beneficiary: [0; 32],
                    },
                ]
            })
            .collect(),
        storage: vec![
            crate::primitives::StorageDelta {
                contract: [0; 32],
                bytes: i64::MIN,
                items: i64::MIN,
            };
            limits.execution.max_calls as usize + 1
        ],
    };
    assert!(outcome.encode().len() <= limits.execution.max_outcome_len() as usize);
}

#[test]
fn the_runtime_refuses_an_over_long_outcome_before_allocating_it() {
    new_test_ext().execute_with(|| {
        let mut asked = 0;
        let fetched: Option<crate::primitives::ExecOutcome> = crate::vm::fetch::<Test, _>(|_| {
            asked += 1;
            u32::MAX
        });
        assert_eq!(fetched, None);
        assert_eq!(asked, 1, "no second call fetched it");
    });
}

#[test]
fn traps_are_reported_with_their_kind_in_the_dry_run() {
    new_test_ext().execute_with(|| {
        let recursion = deploy(fixtures::RECURSION, &[]);
        let deep = dry_call(ALICE, &recursion, &1_000_000u32.to_le_bytes());
        assert_eq!(deep.status, Some(Status::Trap(TrapKind::StackExhausted)));
        assert_eq!(
            deep.result,
            Err(DispatchError::from(Error::<Test>::ContractTrapped(
                TrapCode::StackExhausted
            )))
        );
    });
}
