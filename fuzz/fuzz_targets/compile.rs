//! Validation, instrumentation and compilation never panic, whatever the
//! bytes: arbitrary bytes, and modules `wasm-smith` generates in the VM's
//! feature set with any registered ABI's imports and exports. Code validation
//! accepts always compiles.

#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use runtime_vm::abi::Abi;
use runtime_vm::Error;
use runtime_vm_fuzz::{contract_config, imports_of, vm};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let abis: Vec<Abi> = runtime_vm::abi::registered().collect();
    let wasm = match u.int_in_range(0..=abis.len()).unwrap_or(0) {
        0 => data.to_vec(),
        shape => {
            let abi = abis[shape - 1];
            let mut config = contract_config(abi);
            config.available_imports = Some(imports_of(abi));
            match wasm_smith::Module::new(config, &mut u) {
                Ok(module) => module.to_bytes(),
                Err(_) => return,
            }
        }
    };
    let hash = runtime_vm::code_hash(&wasm);
    if let Err(Error::Compilation(reason)) = vm().prepare(&hash, &wasm) {
        panic!("code validation accepted failed to compile: {reason}");
    }
});
