//! Who may upload and instantiate is the runtime's choice (`UploadOrigin`,
//! `InstantiateOrigin`): a refused origin fails with `BadOrigin`, in its
//! dry run as on chain, and changes nothing.

use super::deposit::held;
use super::*;
use crate::HoldReason;

#[test]
fn a_chain_restricting_uploads_to_root_refuses_signed_uploads_by_name() {
    new_test_ext().execute_with(|| {
        UploadsByRootOnly::set(true);
        let code = fixtures::COUNTER.to_vec();
        let hash: H256 = sp_io::hashing::blake2_256(&code).into();
        let root = storage_root();
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(BOB), code.clone(), None),
            DispatchError::BadOrigin
        );
        assert_noop!(
            WasmContracts::deploy(
                RuntimeOrigin::signed(BOB),
                code.clone(),
                Vec::new(),
                0,
                GAS,
                None,
                Vec::new(),
                None,
                Vec::new(),
            ),
            DispatchError::BadOrigin
        );
        assert_eq!(
            WasmContracts::dry_run_upload_code(BOB, code.clone(), None),
            Err(DispatchError::BadOrigin)
        );
        let dry = WasmContracts::dry_run_instantiate(
            BOB,
            crate::Code::Upload(code.clone()),
            0,
            None,
            None,
            Vec::new(),
            Instance::default(),
        );
        assert_eq!(dry.result, Err(DispatchError::BadOrigin));
        assert_eq!(storage_root(), root);

        // Root uploads; the treasury the runtime names owns the code and
        // holds its deposit. Instantiating it stays open to anyone signed.
        assert_ok!(WasmContracts::upload_code(
            RuntimeOrigin::root(),
            code,
            None
        ));
        let info = CodeInfoOf::<Test>::get(hash).expect("stored");
        assert_eq!(info.owner, ALICE);
        assert_eq!(
            held(&ALICE, HoldReason::CodeUploadDepositReserve),
            info.deposit
        );
        assert_ok!(instantiate(hash).origin(BOB).dispatch());
    });
}

#[test]
fn a_chain_restricting_instantiation_refuses_others_by_name() {
    new_test_ext().execute_with(|| {
        OnlyInstantiator::set(Some(ALICE));
        // Uploading is still anyone's.
        let hash = upload(fixtures::COUNTER);
        let root = storage_root();
        assert_noop!(
            instantiate(hash).origin(BOB).dispatch(),
            DispatchError::BadOrigin
        );
        assert_eq!(
            instantiate(hash).origin(BOB).dry_run().result,
            Err(DispatchError::BadOrigin)
        );
        assert_noop!(
            WasmContracts::deploy(
                RuntimeOrigin::signed(BOB),
                fixtures::COUNTER.to_vec(),
                Vec::new(),
                0,
                GAS,
                None,
                b"other".to_vec(),
                None,
                Vec::new(),
            ),
            DispatchError::BadOrigin
        );
        assert_eq!(storage_root(), root);
        let contract = instantiate(hash).origin(ALICE).instantiated();
        assert!(ContractInfoOf::<Test>::contains_key(<[u8; 32]>::from(
            contract
        )));
    });
}
