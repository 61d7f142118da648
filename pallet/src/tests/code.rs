//! Uploading and removing code: validation, its reasons, weights, owners.

use super::*;

#[test]
fn upload_code_stores_validated_code_with_its_owner() {
    new_test_ext().execute_with(|| {
        let hash = upload(fixtures::COUNTER);
        let info = CodeInfoOf::<Test>::get(hash).unwrap();
        assert_eq!(
            (info.owner, info.len as usize, info.abi, info.refcount),
            (ALICE, fixtures::COUNTER.len(), Abi::Native, 0)
        );
        assert_eq!(PristineCode::<Test>::get(hash).unwrap(), fixtures::COUNTER);
        assert_eq!(
            pallet_events(),
            [Event::CodeStored {
                code_hash: hash,
                owner: ALICE
            }]
        );
    });
}

#[test]
fn an_upload_is_weighed_as_the_slowest_code_of_its_length() {
    use crate::WeightInfo;
    use frame_support::dispatch::GetDispatchInfo;
    new_test_ext().execute_with(|| {
        let code = fixtures::TOKEN.to_vec();
        let len = code.len() as u32;
        let bound = WasmContracts::upload_weight_bound(len);
        let call = crate::Call::<Test>::upload_code {
            code: code.clone(),
            storage_deposit_limit: None,
        };
        assert_eq!(call.get_dispatch_info().call_weight, bound);
        // The benchmark's weight, with the margin for the machine's drift.
        let measured = <() as WeightInfo>::upload_code(len);
        assert_eq!(bound.proof_size(), measured.proof_size());
        assert_eq!(
            bound.ref_time(),
            measured.ref_time() * (100 + crate::COMPILE_MARGIN_PERCENT) / 100
        );
        assert!(bound.ref_time() > measured.ref_time());
        let post =
            WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), code.clone(), None).unwrap();
        assert_eq!(post.actual_weight, Some(bound));
        let again = WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), code, None).unwrap();
        assert_eq!(again.actual_weight, Some(bound));
    });
}

#[test]
fn invalid_code_is_refused_with_its_reason_and_changes_nothing() {
    new_test_ext().execute_with(|| {
        let root = storage_root();
        assert_noop!(
            WasmContracts::upload_code(
                RuntimeOrigin::signed(ALICE),
                b"\0asm\x01\0\0\0garbage".to_vec(),
                None
            ),
            Error::<Test>::InvalidCode(CodeRejection::InvalidWasm)
        );
        // A module importing something outside the ABI.
        let mut bad = fixtures::COUNTER.to_vec();
        let at = bad.windows(13).position(|w| w == b"storage_write").unwrap();
        bad[at..at + 13].copy_from_slice(b"storage_wrote");
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), bad, None),
            Error::<Test>::InvalidCode(CodeRejection::UnknownImport)
        );
        // Its name as long as a name may be: the reason still comes back.
        let long_name = wat::parse_str(format!(
            r#"(module (import "env" "{}" (func)) (memory (export "memory") 1)
                 (func (export "execute") (param i32 i32) (result i32) (i32.const 0)))"#,
            "x".repeat(99_000)
        ))
        .unwrap();
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), long_name, None),
            Error::<Test>::InvalidCode(CodeRejection::UnknownImport)
        );
        let too_large = vec![0u8; VmLimits::get().code.max_code_len as usize + 1];
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), too_large, None),
            Error::<Test>::CodeTooLarge
        );
        assert_eq!(storage_root(), root);
    });
}

#[test]
fn remove_code_only_by_its_owner_and_only_when_unused() {
    new_test_ext().execute_with(|| {
        let hash = upload(fixtures::COUNTER);
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(BOB), hash),
            Error::<Test>::NotCodeOwner
        );
        assert_ok!(instantiate(hash).origin(BOB).salt(vec![1]).dispatch());
        assert_eq!(CodeInfoOf::<Test>::get(hash).unwrap().refcount, 1);
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(ALICE), hash),
            Error::<Test>::CodeInUse
        );

        let unused = upload(fixtures::HASHER);
        assert!(
            crate::interface::node::is_cached(&unused.0),
            "the upload compiled it"
        );
        assert_ok!(WasmContracts::remove_code(
            RuntimeOrigin::signed(ALICE),
            unused
        ));
        assert!(
            !crate::interface::node::is_cached(&unused.0),
            "the node forgot it"
        );
        assert!(
            PristineCode::<Test>::get(unused).is_none()
                && CodeInfoOf::<Test>::get(unused).is_none()
        );
        assert_eq!(
            pallet_events().last(),
            Some(&Event::CodeRemoved { code_hash: unused })
        );
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(ALICE), unused),
            Error::<Test>::CodeNotFound
        );
    });
}
