//! What every import of every ABI does: pay its base on entry, borrow the
//! contract's memory and frame state, reach the [`Host`](crate::Host), keep
//! debug output, and stop the contract with a named reason when it got
//! something wrong. Charging is the `gas` module's.
//!
//! # The base, on entry
//!
//! Every import is defined through [`define`], with the [`Schedule`](crate::Schedule) entry
//! it is priced by: its `base` is charged before the import's own code
//! runs, on every path (an argument that fails a check, an early error
//! code, a trap), so no path of any import is cheaper than its fixed cost.
//! The import itself charges only what grows with its input (per byte,
//! item, point or signature), each before the work it pays for.

use wasmtime::{Engine, Linker, WasmRet, WasmTy};

use crate::abi::table::{self, Price};
use crate::context::{with_host, ContractAbi, Ctx, HostResult, State};
use crate::fault::HostFault;
use crate::instrument::{INSTRUMENTATION_MODULE, STACK_EXHAUSTED};
use crate::memory;
use crate::operators::{Charge, CHARGES, MEMORY_GROW};
use crate::runtime::{Link, Registered};
use crate::semantics::Semantics;
use crate::{Error, HostTrap, TrapKind};

/// Registers the ABI `A`: its rules, and a linker with its imports.
pub(crate) const fn register<A: ContractAbi>() -> Registered {
    Registered {
        rules: A::RULES,
        linker: linker::<A>,
    }
}

/// A linker with every import of the ABI `A`, and the instrumentation's own.
fn linker<A: ContractAbi>(engine: &Engine) -> Result<Box<dyn Link>, Error> {
    let mut linker = Linker::<State<A>>::new(engine);
    A::define_imports(&mut linker)
        .and_then(|()| define_instrumentation(&mut linker))
        .map_err(|e| Error::Internal(format!("defining host functions: {e}")))?;
    Ok(Box::new(linker))
}

/// An import's Rust function: `(ctx, wasm arguments...) -> HostResult<R>`.
pub(crate) trait Import<A: ContractAbi, Params, Results>: Send + Sync + 'static {
    /// Defines `module.name` in `linker` as this function, paying
    /// `price`'s base before it runs.
    fn define_priced(
        self,
        linker: &mut Linker<State<A>>,
        module: &str,
        name: &str,
        price: Price,
    ) -> wasmtime::Result<()>;
}

macro_rules! impl_import {
    ($($param:ident $arg:ident),*) => {
        impl<Abi, F, R, $($param,)*> Import<Abi, ($($param,)*), R> for F
        where
            Abi: ContractAbi,
            F: Fn(Ctx<'_, Abi>, $($param),*) -> HostResult<R> + Send + Sync + 'static,
            $($param: WasmTy,)*
            R: WasmRet,
        {
            fn define_priced(
                self,
                linker: &mut Linker<State<Abi>>,
                module: &str,
                name: &str,
                price: Price,
            ) -> wasmtime::Result<()> {
                let import = move |mut ctx: Ctx<'_, Abi>, $($arg: $param),*| -> HostResult<R> {
                    let base = price(&ctx.data().vm.schedule).base;
                    crate::gas::charge_fuel(&mut ctx, base)?;
                    self(ctx, $($arg),*)
                };
                linker.func_wrap(module, name, import)?;
                Ok(())
            }
        }
    };
}

impl_import!();
impl_import!(A a);
impl_import!(A a, B b);
impl_import!(A a, B b, C c);
impl_import!(A a, B b, C c, D d);
impl_import!(A a, B b, C c, D d, E e);
impl_import!(A a, B b, C c, D d, E e, F6 f);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g, H h);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g, H h, I i);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g, H h, I i, J j);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g, H h, I i, J j, K k);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g, H h, I i, J j, K k, L l);
impl_import!(A a, B b, C c, D d, E e, F6 f, G g, H h, I i, J j, K k, L l, M m);

/// Defines the import `module.name` of an ABI's `imports` table as `f`,
/// which pays the base of the price the table gives it on entry (see the
/// module docs) and charges the rest itself. A name the table lacks is an
/// error: no import exists without a price.
pub(crate) fn define<A: ContractAbi, P, R>(
    linker: &mut Linker<State<A>>,
    (module, imports): (&str, &[table::Import]),
    name: &str,
    f: impl Import<A, P, R>,
) -> wasmtime::Result<()> {
    let import = table::find(imports, module, name).ok_or_else(|| {
        wasmtime::Error::msg(format!("{module}.{name} is not in its ABI's table"))
    })?;
    f.define_priced(linker, module, name, import.price)
}

/// Traps the contract with `kind`.
pub(crate) fn trap(kind: impl Into<HostFault>) -> wasmtime::Error {
    wasmtime::Error::new(kind.into())
}

/// Ends the whole execution with a VM error (not the contract's fault).
pub(crate) fn fatal(error: Error) -> wasmtime::Error {
    wasmtime::Error::new(HostFault::Fatal(error))
}

/// Fails with `error` when `len` (an `i32` from the contract) exceeds `max`.
pub(crate) fn check_len(len: i32, max: u32, error: HostTrap) -> HostResult<usize> {
    let len = len as u32;
    if len > max {
        return Err(trap(error));
    }
    Ok(len as usize)
}

/// Copies `len` bytes at `ptr` out of the contract's memory.
pub(crate) fn read<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    ptr: i32,
    len: i32,
) -> HostResult<Vec<u8>> {
    let (memory, _) = memory_and_state(ctx)?;
    Ok(memory::read(memory, ptr, len).map_err(trap)?.to_vec())
}

/// Reads `N` bytes at `ptr` of the contract's memory.
pub(crate) fn read_array<A: ContractAbi, const N: usize>(
    ctx: &mut Ctx<'_, A>,
    ptr: i32,
) -> HostResult<[u8; N]> {
    let (memory, _) = memory_and_state(ctx)?;
    memory::read_array(memory, ptr).map_err(trap)
}

/// Writes `data` at `ptr` of the contract's memory.
pub(crate) fn write<A: ContractAbi>(ctx: &mut Ctx<'_, A>, ptr: i32, data: &[u8]) -> HostResult<()> {
    let (memory, _) = memory_and_state(ctx)?;
    memory::write(memory, ptr, data).map_err(trap)
}

/// Hashes the contract's `(ptr, len)` with `hash` into `out_ptr`, charged
/// at `cost` per byte of the blocks `hash` processes, before it reads them.
pub(crate) fn hash_into<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    cost: crate::Cost,
    hash: &crate::hashing::Hash,
    (ptr, len): (i32, i32),
    out_ptr: i32,
) -> HostResult<()> {
    let (memory, _) = memory_and_state(ctx)?;
    let len_read = memory::read(memory, ptr, len).map_err(trap)?.len();
    crate::gas::charge_per_byte(ctx, cost, hash.processed(len_read))?;
    let (memory, _) = memory_and_state(ctx)?;
    let digest = hash.digest(memory::read(memory, ptr, len).map_err(trap)?);
    write(ctx, out_ptr, &digest[..hash.len])
}

/// Makes the contract's `(ptr, len)` the frame's return data, within
/// `max_return_data_len`, charged per byte at `Schedule::set_return`.
pub(crate) fn set_return_data<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    ptr: i32,
    len: i32,
) -> HostResult<()> {
    let (limits, cost) = (&ctx.data().vm.limits, ctx.data().vm.schedule.set_return);
    let len = check_len(
        len,
        limits.execution.max_return_data_len,
        HostTrap::ReturnDataTooLarge,
    )?;
    crate::gas::charge_per_byte(ctx, cost, len)?;
    ctx.data_mut().return_data = read(ctx, ptr, len as i32)?;
    Ok(())
}

/// Keeps the contract's `(ptr, len)` as a debug message, within
/// `max_debug_message_len`, charged per byte at `Schedule::debug_log`.
pub(crate) fn debug_message<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    ptr: i32,
    len: i32,
) -> HostResult<()> {
    let (limits, cost) = (&ctx.data().vm.limits, ctx.data().vm.schedule.debug_log);
    let len = check_len(
        len,
        limits.execution.max_debug_message_len,
        HostTrap::DebugMessageTooLarge,
    )?;
    crate::gas::charge_per_byte(ctx, cost, len)?;
    let message = read(ctx, ptr, len as i32)?;
    let text = debug_text(ctx, message)?;
    keep_debug(ctx, text)
}

/// `message` (its bytes charged at `Schedule::debug_log` already) as the
/// text kept and handed back: UTF-8 as it is (not copied), or with each
/// invalid sequence replaced by U+FFFD (three bytes for as few as one), the
/// bytes that adds charged at the same price from version 5.
pub(crate) fn debug_text<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    message: Vec<u8>,
) -> HostResult<String> {
    let read = message.len();
    let text = String::from_utf8(message)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned());
    let added = text.len() - read;
    match ctx.data().vm.semantics {
        Semantics::V1 | Semantics::V2 | Semantics::V3 | Semantics::V4 => {}
        Semantics::V5 | Semantics::V6 => {
            let cost = ctx.data().vm.schedule.debug_log;
            crate::gas::charge_per_byte(ctx, cost, added)?;
        }
    }
    Ok(text)
}

/// Keeps an event of the running contract, counted and charged already.
pub(crate) fn push_event<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    topics: Vec<[u8; 32]>,
    data: Vec<u8>,
) {
    let contract = ctx.data().frame.address;
    ctx.data_mut().events.push(crate::Event {
        contract,
        topics,
        data,
    });
}

/// The contract's memory and the frame state, borrowed together.
pub(crate) fn memory_and_state<'a, A: ContractAbi>(
    ctx: &'a mut Ctx<'_, A>,
) -> HostResult<(&'a mut [u8], &'a mut State<A>)> {
    let memory = ctx
        .data()
        .memory
        .ok_or_else(|| fatal(Error::Internal("contract has no memory".into())))?;
    Ok(memory.data_and_store_mut(ctx))
}

/// Runs `f` with the contract's memory and the host, so that a host call
/// takes its arguments where the contract keeps them instead of copies
/// (`f` reads them through [`memory`]); out of gas as for [`host`].
pub(crate) fn host_on_memory<A: ContractAbi, R>(
    ctx: &mut Ctx<'_, A>,
    f: impl FnOnce(&mut [u8], &mut dyn crate::Host) -> Result<R, HostTrap>,
) -> HostResult<R> {
    let (memory, _) = memory_and_state(ctx)?;
    host(|h| f(memory, h))?.map_err(trap)
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
fn define_instrumentation<A: ContractAbi>(linker: &mut Linker<State<A>>) -> wasmtime::Result<()> {
    let module = INSTRUMENTATION_MODULE;
    linker.func_wrap(module, STACK_EXHAUSTED, stack_exhausted::<A>)?;
    for charge in CHARGES {
        match charge.per_unit {
            None => linker.func_wrap(module, charge.name, move |mut ctx: Ctx<'_, A>| {
                charge_library_call(&mut ctx, charge, 0)
            })?,
            Some(_) => linker.func_wrap(
                module,
                charge.name,
                move |mut ctx: Ctx<'_, A>, units: i32| {
                    charge_library_call(&mut ctx, charge, units).map(|()| units)
                },
            )?,
        };
    }
    Ok(())
}

/// Traps: the stack-height bound was reached.
fn stack_exhausted<A: ContractAbi>(_ctx: Ctx<'_, A>) -> HostResult<()> {
    Err(trap(HostFault::Trap(TrapKind::StackExhausted)))
}

/// Charges a library call before it runs: `charge`'s base and `units` (an
/// `i32` operand, read as unsigned) at its per-unit price, granted or not.
/// A `memory.grow` that will be granted (within the memory limit and the
/// module's maximum) then pays for its pages beyond the slot's resident
/// part and moves the frame to the rate of the grown memory.
fn charge_library_call<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    charge: Charge,
    units: i32,
) -> HostResult<()> {
    crate::gas::charge_fuel(ctx, charge.fuel(units as u32))?;
    if charge != MEMORY_GROW {
        return Ok(());
    }
    let Some(grown) = ctx.data().memory else {
        return Ok(());
    };
    let current = grown.size(&*ctx);
    let pages = current.saturating_add(u64::from(units as u32));
    let limit = u64::from(ctx.data().vm.limits.execution.max_memory_pages);
    let maximum = grown.ty(&*ctx).maximum().unwrap_or(limit).min(limit);
    if pages <= maximum {
        let semantics = ctx.data().vm.semantics;
        crate::gas::charge_fuel(
            ctx,
            crate::gas::unkept_pages_fuel(semantics, current, pages),
        )?;
        crate::gas::rerate(ctx, pages).map_err(wasmtime::Error::new)?;
    }
    Ok(())
}

/// Counts a debug message against the execution's cap (charged by the
/// caller) and keeps it if the execution collects debug output.
pub(crate) fn keep_debug<A: ContractAbi>(ctx: &mut Ctx<'_, A>, message: String) -> HostResult<()> {
    if crate::output::count_debug(message.len()).map_err(wasmtime::Error::new)? {
        ctx.data_mut().debug.push(message);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::abi::{Import, REGISTERED};

    /// Links a module importing every entry of `table` with its signature.
    fn links_every_import(
        linker: &dyn crate::runtime::Link,
        engine: &wasmtime::Engine,
        table: &[Import],
    ) {
        for Import {
            module,
            name,
            signature,
            ..
        } in table
        {
            let list = |types: &[wasmparser::ValType]| {
                types
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let wat = format!(
                r#"(module (import "{module}" "{name}" (func (param {}) (result {}))))"#,
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
        let limits = crate::Limits::default();
        let engine = crate::engine::new_engine(&limits, crate::Semantics::LATEST).unwrap();
        for abi in REGISTERED {
            let linker = (abi.linker)(&engine).unwrap();
            links_every_import(linker.as_ref(), &engine, abi.rules.imports);
        }
    }
}
