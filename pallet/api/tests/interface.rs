//! The runtime interface's types are frozen per version: a node must decode
//! what every runtime it may import blocks of encodes. These tests pin the
//! shape of version 1's types (its type registry, hashed) and decode bytes
//! encoded by version 1. A failure here means the shape changed: before
//! launch, update the pinned values in the same commit; after it, make a new
//! `#[version(2)]` host function with new types and keep version 1's (see
//! the pallet's `vm.rs`).

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use codec::{Decode, Encode};
use runtime_vm_primitives::{
    CwOutcome, CwStatus, Error as VmError, Event, Outcome, Status, TrapKind,
};
use scale_info::{MetaType, PortableRegistry, Registry};

use pallet_wasm_contracts_api::interface::{
    Effect, Ended, ExecOutcome, ExecRequest, PreparedCode, StorageDelta, Transfer,
};
use runtime_vm_primitives::Limits;

/// BLAKE2-256 of version 1's type registry, its shape only (field and
/// variant names and order, types; not paths or documentation). Last
/// changed (before launch) when ink!'s `instantiate`, `terminate`,
/// `set_code_hash` and delegate dependencies turned the outcome's transfers
/// into effects (a transfer is one of them: its encoding gained the
/// variant's byte) and added their keys to `StorageLayout` and three
/// `HostTrap` variants.
const VERSION_1_SHAPE: &str = "b1f801081f603ea4ba1c4ecd8efec51475c85ad7cc66e6869b053b49ca0fb9aa";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_shape_of_version_1_types_is_pinned() {
    let mut registry = Registry::new();
    registry.register_types([
        MetaType::new::<ExecRequest>(),
        MetaType::new::<ExecOutcome>(),
        MetaType::new::<Result<PreparedCode, VmError>>(),
    ]);
    let mut portable = PortableRegistry::from(registry);
    // Only the shape counts: names, paths and documentation do not reach the bytes.
    let shape_of = |field: &mut scale_info::Field<scale_info::form::PortableForm>| {
        field.docs.clear();
        field.type_name = None;
    };
    for ty in &mut portable.types {
        ty.ty.docs.clear();
        ty.ty.path = Default::default();
        match &mut ty.ty.type_def {
            scale_info::TypeDef::Composite(composite) => {
                composite.fields.iter_mut().for_each(shape_of);
            }
            scale_info::TypeDef::Variant(variants) => {
                for variant in &mut variants.variants {
                    variant.docs.clear();
                    variant.fields.iter_mut().for_each(shape_of);
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        hex(&Blake2b::<U32>::digest(portable.encode())),
        VERSION_1_SHAPE
    );
}

#[test]
fn outcomes_encoded_by_version_1_decode() {
    let native = ExecOutcome {
        result: Ok(Ended::Native(Outcome {
            status: Status::Revert(7),
            gas_used: 1_000,
            return_data: vec![1, 2],
            events: vec![Event {
                contract: [3; 32],
                topics: vec![[4; 32]],
                data: vec![5],
            }],
            debug: vec!["hi".into()],
        })),
        fuel_used: 1_000,
        proof_size: 2_000,
        effects: vec![Effect::Transfer(Transfer {
            from: [6; 32],
            to: [7; 32],
            amount: 8,
        })],
        storage: vec![StorageDelta {
            contract: [9; 32],
            bytes: -10,
            items: 1,
        }],
    };
    let cosmwasm = ExecOutcome {
        result: Ok(Ended::CosmWasm(CwOutcome {
            status: CwStatus::Trap(TrapKind::OutOfGas),
            gas_used: 9,
            debug: Vec::new(),
        })),
        fuel_used: 9,
        proof_size: 10,
        effects: Vec::new(),
        storage: Vec::new(),
    };
    let refused = ExecOutcome {
        result: Err(VmError::ContractNotFound),
        fuel_used: 0,
        proof_size: 11,
        effects: Vec::new(),
        storage: Vec::new(),
    };
    let version_1 = [
        (native, "00000107000000e803000000000000080102040303030303030303030303030303030303030303030303030303030303030303040404040404040404040404040404040404040404040404040404040404040404040504086869e803000000000000d00700000000000004000606060606060606060606060606060606060606060606060606060606060606070707070707070707070707070707070707070707070707070707070707070708000000000000000000000000000000040909090909090909090909090909090909090909090909090909090909090909f6ffffffffffffff0100000000000000"),
        (cosmwasm, "0001030009000000000000000009000000000000000a000000000000000000"),
        (refused, "010300000000000000000b000000000000000000"),
    ];
    for (outcome, version_1) in version_1 {
        assert_eq!(hex(&outcome.encode()), version_1);
        let bytes = (0..version_1.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&version_1[i..i + 2], 16).unwrap())
            .collect::<Vec<_>>();
        assert_eq!(ExecOutcome::decode(&mut &bytes[..]), Ok(outcome));
    }
}

#[test]
fn limits_encode_as_the_27_fields_of_version_1() {
    // Version 1's `Limits` was one struct of 27 `u32`s; its code and
    // execution parts encode as the same fields in the same order. (Its
    // defaults, but for the compile-cost budget: 2 816 per KiB then, 3 328
    // since semantics 4 counts more of what Wasmtime compiles.)
    let version_1 = "00001000204e00000010000000000400000100000100000000100000000100000004000040000000000b000000000100000100000000010008000000000001008000000000400000000001000040000000100000800000000000020000040000000001000004000000040000";
    let mut limits = Limits::default();
    limits.code.max_compile_cost_per_kib = 2_816;
    assert_eq!(hex(&limits.encode()), version_1);
}
