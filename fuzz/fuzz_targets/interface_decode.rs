//! The node decodes whatever a runtime hands it, and the runtime whatever
//! the node returns: decoding the runtime interface's types never panics,
//! and what decodes encodes back to the bytes it came from.

#![no_main]

use codec::{Decode, Encode};
use libfuzzer_sys::fuzz_target;
use pallet_wasm_contracts_api::interface::{ExecOutcome, ExecRequest, PreparedCode, VmConfig};
use runtime_vm_primitives::Error;

/// Decodes `bytes` as a `T`; if they decode, they re-encode to themselves.
fn round_trip<T: Decode + Encode>(bytes: &[u8]) {
    let mut input = bytes;
    if let Ok(value) = T::decode(&mut input) {
        let consumed = bytes.len() - input.len();
        assert_eq!(
            value.encode(),
            bytes[..consumed],
            "a decoded value re-encodes alike"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => round_trip::<ExecRequest>(bytes),
        1 => round_trip::<ExecOutcome>(bytes),
        2 => round_trip::<Result<PreparedCode, Error>>(bytes),
        _ => round_trip::<VmConfig>(bytes),
    }
});
