//! pallet-contracts' surface (`compat`): its calls forward to the pallet,
//! its events are what `@polkadot/api-contract` and `cargo contract` look
//! for (contract events with their topics on the event record), and
//! `ContractsApi`'s dry runs report as pallet-contracts does (a revert is
//! an `Ok` with the `REVERT` flag).

use frame_system::EventRecord;
use pallet_wasm_contracts_api::contracts_api::{
    self, ContractAccessError, ExecReturnValue, ReturnFlags,
};
use runtime_vm_fixtures::InkMetadata;

use super::ink::message_ok;
use super::*;

type Compat = crate::compat::Pallet<Test>;

fn compat_events() -> Vec<EventRecord<RuntimeEvent, H256>> {
    System::events()
        .into_iter()
        .filter(|record| matches!(record.event, RuntimeEvent::Contracts(_)))
        .collect()
}

/// Instantiates flipper (starting at `true`) through `Contracts`; returns its address.
fn flipper_through_contracts() -> AccountId32 {
    let metadata = InkMetadata::of("ink_flipper");
    assert_ok!(Compat::instantiate_with_code(
        RuntimeOrigin::signed(ALICE),
        0,
        GAS,
        None,
        fixtures::INK_FLIPPER.to_vec(),
        metadata.constructor("new", &true.encode()),
        b"salt".to_vec(),
    ));
    let code_hash = H256(sp_io::hashing::blake2_256(fixtures::INK_FLIPPER));
    WasmContracts::contract_address(&ALICE, &code_hash, b"salt")
}

#[test]
fn instantiate_with_code_deposits_code_stored_and_instantiated() {
    new_test_ext().execute_with(|| {
        let flipper = flipper_through_contracts();
        let code_hash = H256(sp_io::hashing::blake2_256(fixtures::INK_FLIPPER));
        let deposit = CodeInfoOf::<Test>::get(code_hash).unwrap().deposit;
        let events: Vec<_> = compat_events()
            .into_iter()
            .map(|record| record.event)
            .collect();
        assert_eq!(
            events,
            [
                RuntimeEvent::Contracts(crate::compat::Event::CodeStored {
                    code_hash,
                    deposit_held: deposit,
                    uploader: ALICE,
                }),
                RuntimeEvent::Contracts(crate::compat::Event::Instantiated {
                    deployer: ALICE,
                    contract: flipper.clone(),
                }),
            ]
        );
        // Instantiating stored code again stores nothing: no `CodeStored`.
        System::reset_events();
        let metadata = InkMetadata::of("ink_flipper");
        assert_ok!(Compat::instantiate(
            RuntimeOrigin::signed(BOB),
            0,
            GAS,
            None,
            code_hash,
            metadata.constructor("default", &[]),
            vec![],
        ));
        let bobs = WasmContracts::contract_address(&BOB, &code_hash, &[]);
        assert_eq!(
            compat_events()
                .into_iter()
                .map(|record| record.event)
                .collect::<Vec<_>>(),
            [RuntimeEvent::Contracts(
                crate::compat::Event::Instantiated {
                    deployer: BOB,
                    contract: bobs,
                }
            )]
        );
    });
}

#[test]
fn a_call_deposits_each_contract_event_with_its_topics_on_the_record() {
    new_test_ext().execute_with(|| {
        let flipper = flipper_through_contracts();
        let metadata = InkMetadata::of("ink_flipper");
        System::reset_events();
        assert_ok!(Compat::call(
            RuntimeOrigin::signed(BOB),
            flipper.clone(),
            0,
            GAS,
            None,
            metadata.message("flip", &[]),
        ));
        let [record] = compat_events().try_into().expect("one event");
        assert_eq!(
            record.event,
            RuntimeEvent::Contracts(crate::compat::Event::ContractEmitted {
                contract: flipper.clone(),
                data: false.encode(),
            })
        );
        assert_eq!(
            record.topics,
            [H256(metadata.event_topic("Flipped")), H256([0; 32])]
        );
        // A failing call fails as `WasmContracts::call` does.
        assert_fails(
            || {
                Compat::call(
                    RuntimeOrigin::signed(BOB),
                    flipper.clone(),
                    1,
                    GAS,
                    None,
                    metadata.message("flip", &[]),
                )
                .map(|_| ().into())
            },
            Error::<Test>::ContractTrapped(TrapCode::Unreachable),
        );
    });
}

#[test]
fn contracts_api_reports_returns_reverts_and_failures_as_pallet_contracts() {
    new_test_ext().execute_with(|| {
        let flipper = flipper_through_contracts();
        let metadata = InkMetadata::of("ink_flipper");
        let get = metadata.message("get", &[]);
        let dry = rolled_back(|| Compat::contracts_api_call::<()>(ALICE, flipper.clone(), 0, None, None, get));
        let Ok(ExecReturnValue { flags, data }) = dry.result else {
            panic!("{dry:?}")
        };
        assert_eq!(flags, ReturnFlags::default());
        assert!(message_ok::<bool>(&data));
        assert!(dry.gas_consumed.ref_time() > 0);
        assert_eq!(dry.gas_required, dry.gas_consumed);
        assert_eq!(dry.events, None);

        // ink!'s erc20 refusing a transfer: reverted, its error in the data.
        let erc20 = InkMetadata::of("ink_erc20");
        let token = deploy(fixtures::INK_ERC20, &erc20.constructor("new", &100u128.encode()));
        let overdraw = erc20.message("transfer", &(raw(&ALICE), 1u128).encode());
        let dry = rolled_back(|| Compat::contracts_api_call::<()>(BOB, token.clone(), 0, None, None, overdraw));
        let Ok(ExecReturnValue { flags, data }) = dry.result else {
            panic!("{dry:?}")
        };
        assert_eq!(flags, ReturnFlags::REVERT);
        assert_eq!(message_ok::<Result<(), u8>>(&data), Err(0));

        // Value to an unpayable message: the trap as a dispatch error.
        let flip = metadata.message("flip", &[]);
        let dry = rolled_back(|| Compat::contracts_api_call::<()>(ALICE, flipper.clone(), 1, None, None, flip));
        assert_eq!(
            dry.result,
            Err(Error::<Test>::ContractTrapped(TrapCode::Unreachable).into())
        );

        // An instantiation dry run names the new contract and its deposit.
        let code = contracts_api::Code::Existing(H256(sp_io::hashing::blake2_256(fixtures::INK_FLIPPER)));
        let input = metadata.constructor("new", &false.encode());
        let dry = rolled_back(|| Compat::contracts_api_instantiate::<()>(BOB, 0, None, None, code, input, vec![7]));
        let expected = WasmContracts::contract_address(
            &BOB,
            &H256(sp_io::hashing::blake2_256(fixtures::INK_FLIPPER)),
            &[7],
        );
        assert_eq!(dry.result.map(|done| done.account_id), Ok(expected));
        assert!(matches!(dry.storage_deposit, contracts_api::StorageDeposit::Charge(charge) if charge > 0));

        // Uploads and storage reads.
        let upload = rolled_back(|| Compat::contracts_api_upload_code(BOB, fixtures::INK_ERC20.to_vec(), None));
        assert_eq!(
            upload.map(|stored| stored.code_hash),
            Ok(H256(sp_io::hashing::blake2_256(fixtures::INK_ERC20)))
        );
        // Flipper's storage: its root key, ink!'s 0x00000000.
        assert_eq!(
            Compat::contracts_api_get_storage(flipper, vec![0; 4]),
            Ok(Some(true.encode()))
        );
        assert_eq!(
            Compat::contracts_api_get_storage(BOB, vec![0; 4]),
            Err(ContractAccessError::DoesntExist)
        );
    });
}
