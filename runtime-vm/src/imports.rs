//! What every import of either ABI does: borrow the contract's memory and
//! frame state, reach the [`Host`](crate::Host), keep debug output, and stop
//! the contract with a named reason when it got something wrong. Charging is
//! the `gas` module's.

use wasmtime::Caller;

use crate::engine::{BULK_MEMORY_FUEL_PER_BYTE, MEMORY_GROW_FUEL_PER_PAGE};
use crate::frame::{HostFault, State};
use crate::instrument::{
    CHARGE_BULK_BYTES, CHARGE_MEMORY_PAGES, INSTRUMENTATION_MODULE, STACK_EXHAUSTED,
};
use crate::vm::with_host;
use crate::{Error, TrapKind};

/// The context an import runs in.
pub(crate) type Ctx<'a> = Caller<'a, State>;
/// What an import returns to Wasmtime.
pub(crate) type HostResult<T> = Result<T, wasmtime::Error>;

/// Traps the contract with `kind`.
pub(crate) fn trap(kind: impl Into<HostFault>) -> wasmtime::Error {
    wasmtime::Error::new(kind.into())
}

/// Ends the whole execution with a VM error (not the contract's fault).
pub(crate) fn fatal(error: Error) -> wasmtime::Error {
    wasmtime::Error::new(HostFault::Fatal(error))
}

/// The contract's memory and the frame state, borrowed together.
pub(crate) fn memory_and_state<'a>(
    ctx: &'a mut Ctx<'_>,
) -> HostResult<(&'a mut [u8], &'a mut State)> {
    let memory = ctx
        .data()
        .memory
        .ok_or_else(|| fatal(Error::Internal("contract has no memory".into())))?;
    Ok(memory.data_and_store_mut(ctx))
}

/// Runs `f` with the host; out of gas if it took the execution past its
/// proof size ([`Host::proof_size_exhausted`](crate::Host::proof_size_exhausted)).
pub(crate) fn host<R>(f: impl FnOnce(&mut dyn crate::Host) -> R) -> HostResult<R> {
    let (result, exhausted) = with_host(|host| {
        let result = f(host);
        (result, host.proof_size_exhausted())
    })
    .map_err(wasmtime::Error::new)?;
    if exhausted {
        return Err(trap(HostFault::Trap(TrapKind::OutOfGas)));
    }
    Ok(result)
}

/// Defines the imports the instrumentation adds (`instrument.rs`).
pub(crate) fn define_instrumentation(linker: &mut wasmtime::Linker<State>) -> wasmtime::Result<()> {
    linker.func_wrap(INSTRUMENTATION_MODULE, STACK_EXHAUSTED, stack_exhausted)?;
    linker.func_wrap(INSTRUMENTATION_MODULE, CHARGE_BULK_BYTES, charge_bulk_bytes)?;
    linker.func_wrap(
        INSTRUMENTATION_MODULE,
        CHARGE_MEMORY_PAGES,
        charge_memory_pages,
    )?;
    Ok(())
}

/// Traps: the stack-height bound was reached.
fn stack_exhausted(_ctx: Ctx<'_>) -> HostResult<()> {
    Err(trap(HostFault::Trap(TrapKind::StackExhausted)))
}

/// Charges a bulk memory operator's `len` bytes before it runs; returns `len`.
fn charge_bulk_bytes(mut ctx: Ctx<'_>, len: i32) -> HostResult<i32> {
    crate::gas::charge_fuel(&mut ctx, u64::from(len as u32) * BULK_MEMORY_FUEL_PER_BYTE)?;
    Ok(len)
}

/// Charges `memory.grow`'s `pages` before it runs (granted or not); returns `pages`.
fn charge_memory_pages(mut ctx: Ctx<'_>, pages: i32) -> HostResult<i32> {
    crate::gas::charge_fuel(
        &mut ctx,
        u64::from(pages as u32) * MEMORY_GROW_FUEL_PER_PAGE,
    )?;
    Ok(pages)
}

/// Counts a debug message against the execution's cap (charged by the
/// caller) and keeps it if the execution collects debug output.
pub(crate) fn keep_debug(ctx: &mut Ctx<'_>, message: String) -> HostResult<()> {
    if crate::output::count_debug(message.len()).map_err(wasmtime::Error::new)? {
        ctx.data_mut().debug.push(message);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::abi::{Signature, COSMWASM_IMPORTS, NATIVE_IMPORTS};

    /// Links a module importing every entry of `table` with its signature.
    fn links_every_import(linker: &wasmtime::Linker<super::State>, table: &[(&str, Signature)]) {
        let engine = linker.engine();
        for (name, signature) in table {
            let list = |types: &[wasmparser::ValType]| {
                types
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let wat = format!(
                r#"(module (import "env" "{name}" (func (param {}) (result {}))))"#,
                list(signature.params),
                list(signature.results)
            );
            let module = wasmtime::Module::new(engine, wat::parse_str(&wat).unwrap()).unwrap();
            linker
                .instantiate_pre(&module)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn every_abi_import_links_with_the_signature_the_abi_table_gives() {
        let engine = crate::engine::new_engine(&crate::Limits::default()).unwrap();
        links_every_import(&crate::native::linker(&engine).unwrap(), NATIVE_IMPORTS);
        links_every_import(&crate::cosmwasm::linker(&engine).unwrap(), COSMWASM_IMPORTS);
    }
}
