//! runtime-vm (Winch, instrumented, fuel-metered) agrees with plain
//! Wasmtime (Cranelift, neither instrumented nor metered alike) and with
//! wasmi (an interpreter) on how `execute` of a generated module ends: the
//! status it returns, or the trap. Every engine caps memory and tables at
//! runtime-vm's `Limits` (a module's memory may declare no maximum); runs
//! that hit an engine's own bound (out of fuel, the stack) are not
//! compared: those bounds differ by design.

#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use runtime_vm::abi::Abi;
use runtime_vm::testing::MockHost;
use runtime_vm::{Limits, Status, TrapKind};
use runtime_vm_fuzz::{contract_config, execute, vm, End, Trap, CONTRACT};

/// Fuel runtime-vm gives the call; the other engines get ten times as much,
/// so they rarely stop where runtime-vm finished.
const FUEL: u64 = 2_000_000;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut config = contract_config(Abi::Native);
    config.max_imports = 0;
    config.canonicalize_nans = true;
    let Ok(module) = wasm_smith::Module::new(config, &mut u) else {
        return;
    };
    let wasm = module.to_bytes();
    let Some(ours) = runtime_vm_end(&wasm) else {
        return;
    };
    if let Some(theirs) = wasmtime_end(&wasm) {
        assert_eq!(ours, theirs, "runtime-vm and plain Wasmtime disagree");
    }
    if let Some(theirs) = wasmi_end(&wasm) {
        assert_eq!(ours, theirs, "runtime-vm and wasmi disagree");
    }
});

/// How runtime-vm ended the call; `None` if validation refused the module
/// or the call ran out of gas or stack.
fn runtime_vm_end(wasm: &[u8]) -> Option<End> {
    vm().validate(wasm).ok()?;
    let mut host = MockHost::new();
    host.add_contract(CONTRACT, wasm.to_vec());
    let outcome = vm().execute(&mut host, execute(FUEL)).ok()?;
    Some(match outcome.status {
        Status::Success => End::Returned(0),
        Status::Revert(code) => End::Returned(code),
        Status::Trap(kind) => End::Trapped(match kind {
            TrapKind::OutOfGas | TrapKind::StackExhausted | TrapKind::Host(_) => return None,
            TrapKind::Unreachable => Trap::Unreachable,
            TrapKind::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
            TrapKind::TableOutOfBounds => Trap::TableOutOfBounds,
            TrapKind::IndirectCallToNull => Trap::IndirectCallToNull,
            TrapKind::IndirectCallTypeMismatch => Trap::IndirectCallTypeMismatch,
            TrapKind::IntegerDivisionByZero => Trap::IntegerDivisionByZero,
            TrapKind::IntegerOverflow => Trap::IntegerOverflow,
            TrapKind::BadConversionToInteger => Trap::BadConversionToInteger,
        }),
    })
}

/// How plain Wasmtime with Cranelift ended the call; `None` past its stack.
fn wasmtime_end(wasm: &[u8]) -> Option<End> {
    use wasmtime::{Config, Engine, Instance, Module, Store};
    let mut config = Config::new();
    config
        .cranelift_nan_canonicalization(true)
        .consume_fuel(true)
        .wasm_features(wasmtime::WasmFeatures::all(), false)
        .wasm_features(runtime_vm::engine::FEATURES, true);
    let engine = Engine::new(&config).expect("a valid configuration");
    let module = Module::new(&engine, wasm).expect("Wasmtime accepts what runtime-vm accepts");
    let limits = Limits::default();
    let caps = wasmtime::StoreLimitsBuilder::new()
        .memory_size(limits.execution.max_memory_bytes())
        .table_elements(limits.code.max_table_elements as usize)
        .build();
    let mut store = Store::new(&engine, caps);
    store.limiter(|caps| caps);
    store.set_fuel(FUEL * 10).expect("fuel is on");
    let ended = Instance::new(&mut store, &module, &[]).and_then(|instance| {
        instance
            .get_typed_func::<(i32, i32), i32>(&mut store, "execute")?
            .call(&mut store, (0, 0))
    });
    match ended {
        Ok(status) => Some(End::Returned(status)),
        Err(error) => {
            use wasmtime::Trap as W;
            let trap = *error.downcast_ref::<W>().expect("a trap, not a host error");
            Some(End::Trapped(match trap {
                W::StackOverflow | W::OutOfFuel => return None,
                W::UnreachableCodeReached => Trap::Unreachable,
                W::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
                W::TableOutOfBounds => Trap::TableOutOfBounds,
                W::IndirectCallToNull => Trap::IndirectCallToNull,
                W::BadSignature => Trap::IndirectCallTypeMismatch,
                W::IntegerDivisionByZero => Trap::IntegerDivisionByZero,
                W::IntegerOverflow => Trap::IntegerOverflow,
                W::BadConversionToInteger => Trap::BadConversionToInteger,
                other => panic!("a trap runtime-vm's features cannot cause: {other}"),
            }))
        }
    }
}

/// How wasmi ended the call; `None` past its stack.
fn wasmi_end(wasm: &[u8]) -> Option<End> {
    use wasmi::errors::{ErrorKind, InstantiationError};
    use wasmi::{Config, Engine, Linker, Module, Store, TrapCode as W};
    let mut config = Config::default();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wasm).expect("wasmi accepts what runtime-vm accepts");
    let limits = Limits::default();
    let caps = wasmi::StoreLimitsBuilder::new()
        .memory_size(limits.execution.max_memory_bytes())
        .table_elements(limits.code.max_table_elements as usize)
        .build();
    let mut store = Store::new(&engine, caps);
    store.limiter(|caps| caps);
    store.set_fuel(FUEL * 10).expect("fuel is on");
    let ended = Linker::<wasmi::StoreLimits>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .and_then(|instance| {
            instance
                .get_typed_func::<(i32, i32), i32>(&store, "execute")?
                .call(&mut store, (0, 0))
        });
    match ended {
        Ok(status) => Some(End::Returned(status)),
        Err(error) => Some(End::Trapped(match error.as_trap_code() {
            Some(W::StackOverflow | W::OutOfFuel) => return None,
            Some(W::UnreachableCodeReached) => Trap::Unreachable,
            Some(W::MemoryOutOfBounds) => Trap::MemoryOutOfBounds,
            Some(W::TableOutOfBounds) => Trap::TableOutOfBounds,
            Some(W::IndirectCallToNull) => Trap::IndirectCallToNull,
            Some(W::BadSignature) => Trap::IndirectCallTypeMismatch,
            Some(W::IntegerDivisionByZero) => Trap::IntegerDivisionByZero,
            Some(W::IntegerOverflow) => Trap::IntegerOverflow,
            Some(W::BadConversionToInteger) => Trap::BadConversionToInteger,
            // Instantiation: a segment out of its table or memory.
            _ => match error.kind() {
                ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit {
                    ..
                })
                | ErrorKind::Table(_) => Trap::TableOutOfBounds,
                ErrorKind::Memory(_) => Trap::MemoryOutOfBounds,
                _ => panic!("wasmi ended with {error}"),
            },
        })),
    }
}
