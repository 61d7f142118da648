//! The engines under comparison, each running a contract call end to end:
//! instantiate, pass the input through `alloc`, run `execute`, collect the
//! return data and the final storage.

use std::collections::BTreeMap;

use runtime_vm::testing::MockHost;
use runtime_vm::{
    BlockContext, CallRequest, EntryPoint, InkChain, Limits, Schedule, Semantics, Status, Vm,
};

/// What a call produced: compared across engines before any time is trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The contract's return data.
    pub output: Vec<u8>,
    /// The contract's storage afterwards.
    pub storage: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// The address contracts are deployed at, and the caller.
pub const CONTRACT: [u8; 32] = [0xC0; 32];
pub const CALLER: [u8; 32] = [0xA1; 32];

/// runtime-vm as the pallet runs it: fuel-metered, stack-instrumented, cached.
pub struct Ours {
    pub vm: Vm,
    pub host: MockHost,
    /// Fuel the last call used.
    pub fuel: u64,
    /// The chain an ink! contract sees; `None` for a native contract.
    ink: Option<InkChain>,
}

impl Ours {
    pub fn new(code: &[u8]) -> Self {
        let vm = Vm::new(
            Semantics::LATEST,
            Limits::default(),
            Schedule::default(),
            256 << 20,
        )
        .expect("engine");
        let mut host = MockHost::new();
        host.add_contract(CONTRACT, code.to_vec());
        Self {
            vm,
            host,
            fuel: 0,
            ink: None,
        }
    }

    /// An ink! contract, run as the pallet runs one.
    pub fn ink(code: &[u8]) -> Self {
        Self {
            ink: Some(InkChain {
                minimum_balance: 1,
                ref_time_per_fuel: 1,
            }),
            ..Self::new(code)
        }
    }

    /// Runs `entry` with `input`; the contract must succeed.
    fn run(&mut self, entry: EntryPoint, input: &[u8]) -> runtime_vm::Outcome {
        let request = CallRequest {
            entry,
            contract: CONTRACT,
            caller: CALLER,
            value: 0,
            input,
            gas_limit: u64::MAX / 2,
            block: BlockContext {
                number: 1,
                timestamp: 0,
            },
            collect_debug: false,
        };
        let outcome = match self.ink {
            Some(chain) => self.vm.execute_ink(&mut self.host, request, chain),
            None => self.vm.execute(&mut self.host, request),
        }
        .expect("runtime-vm runs the request");
        assert_eq!(
            outcome.status,
            Status::Success,
            "runtime-vm {entry:?} failed: {outcome:?}"
        );
        self.fuel = outcome.gas_used;
        outcome
    }

    /// Runs `deploy` (state setup outside any measurement).
    pub fn deploy(&mut self, input: &[u8]) {
        self.run(EntryPoint::Deploy, input);
    }

    /// Runs `execute` with `input`; its return data.
    pub fn execute(&mut self, input: &[u8]) -> Vec<u8> {
        self.run(EntryPoint::Execute, input).return_data
    }

    /// Runs `execute` with `input`; its answer, for comparison.
    pub fn call(&mut self, input: &[u8]) -> Answer {
        Answer {
            output: self.execute(input),
            storage: self.host.contract_storage(&CONTRACT),
        }
    }
}

/// The state the ink! peer (`ink_peer.rs`) keeps for one contract.
#[derive(Default, Clone)]
pub struct PeerState {
    pub storage: BTreeMap<Vec<u8>, Vec<u8>>,
    pub return_data: Vec<u8>,
}

fn range(len: usize, ptr: i32, size: i32) -> Option<std::ops::Range<usize>> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(size as u32 as usize)?;
    (end <= len).then_some(start..end)
}

/// wasmi 2 with fuel metering on, running the native-ABI imports the
/// benchmark contracts use as runtime-vm defines them (`docs/native-abi.md`):
/// each pays its [`Schedule`] price in fuel (the base on entry, then per
/// byte), checks its sizes against the [`Limits`], and reaches the same
/// [`MockHost`] through the [`Host`](runtime_vm::Host) trait, inside a
/// transaction as a contract frame does. Both engines do the same host work,
/// so a row's ratio is the engines' own.
pub mod wasmi_engine {
    use super::*;
    use runtime_vm::{Cost, Host};
    use sha2::Digest;
    use wasmi::{Caller, Config, Engine, Error, Linker, Memory, Module, Store};

    /// What one call's host functions share.
    pub struct State {
        host: MockHost,
        schedule: Schedule,
        limits: Limits,
        return_data: Vec<u8>,
        events: Vec<(Vec<u8>, Vec<u8>)>,
        memory: Option<Memory>,
    }

    pub struct Wasmi {
        engine: Engine,
        module: Module,
        linker: Linker<State>,
        /// The chain the contract sees, kept from call to call.
        pub host: MockHost,
    }

    type Ctx<'a> = Caller<'a, State>;

    /// Takes `cost` for `bytes` bytes from the call's fuel.
    fn charge(c: &mut Ctx<'_>, cost: Cost, bytes: usize) -> Result<(), Error> {
        let left = c.get_fuel()?;
        let fuel = cost.of(bytes);
        if fuel > left {
            return Err(Error::new("out of gas"));
        }
        c.set_fuel(left - fuel)
    }

    /// Pays `price(schedule)`'s base, as every runtime-vm import does on entry.
    fn enter(c: &mut Ctx<'_>, price: fn(&Schedule) -> Cost) -> Result<Cost, Error> {
        let cost = price(&c.data().schedule);
        charge(c, Cost::new(cost.base, 0), 0)?;
        Ok(Cost::new(0, cost.per_byte))
    }

    /// Fails unless `len` (an `i32` from the contract) is at most `max`.
    fn checked(len: i32, max: u32) -> Result<usize, Error> {
        let len = len as u32;
        (len <= max)
            .then_some(len as usize)
            .ok_or_else(|| Error::new("too large"))
    }

    fn memory<'a>(c: &'a mut Ctx<'_>) -> Result<(&'a mut [u8], &'a mut State), Error> {
        let memory = c.data().memory.ok_or_else(|| Error::new("no memory"))?;
        Ok(memory.data_and_store_mut(c))
    }

    fn slice(mem: &[u8], ptr: i32, len: usize) -> Result<std::ops::Range<usize>, Error> {
        range(mem.len(), ptr, len as i32).ok_or_else(|| Error::new("pointer out of bounds"))
    }

    /// Copies `data` to `ptr` of the contract's memory.
    fn put(mem: &mut [u8], ptr: i32, data: &[u8]) -> Result<(), Error> {
        let at = slice(mem, ptr, data.len())?;
        mem[at].copy_from_slice(data);
        Ok(())
    }

    fn storage_read(mut c: Ctx<'_>, kp: i32, kl: i32, op: i32, cap: i32) -> Result<i32, Error> {
        let per_byte = enter(&mut c, |s| s.storage_read)?;
        let kl = checked(kl, c.data().limits.execution.max_storage_key_len)?;
        charge(&mut c, per_byte, kl)?;
        let (mem, state) = memory(&mut c)?;
        let key = &mem[slice(mem, kp, kl)?];
        let Some(value) = state.host.storage_read(&CONTRACT, key) else {
            return Ok(-1);
        };
        charge(&mut c, per_byte, value.len())?;
        let (mem, _) = memory(&mut c)?;
        put(mem, op, &value[..value.len().min(cap as u32 as usize)])?;
        Ok(value.len() as i32)
    }

    fn storage_write(mut c: Ctx<'_>, kp: i32, kl: i32, vp: i32, vl: i32) -> Result<i32, Error> {
        let per_byte = enter(&mut c, |s| s.storage_write)?;
        let limits = &c.data().limits.execution;
        let (max_value, max_key) = (limits.max_storage_value_len, limits.max_storage_key_len);
        let (vl, kl) = (checked(vl, max_value)?, checked(kl, max_key)?);
        charge(&mut c, per_byte, kl + vl)?;
        let (mem, state) = memory(&mut c)?;
        let (key, value) = (&mem[slice(mem, kp, kl)?], &mem[slice(mem, vp, vl)?]);
        let replaced = state.host.storage_write(&CONTRACT, key, value);
        let read = c.data().schedule.storage_read;
        charge(
            &mut c,
            Cost::new(0, read.per_byte),
            replaced.unwrap_or(0) as usize,
        )?;
        Ok(0)
    }

    fn storage_remove(mut c: Ctx<'_>, kp: i32, kl: i32) -> Result<i32, Error> {
        let per_byte = enter(&mut c, |s| s.storage_remove)?;
        let kl = checked(kl, c.data().limits.execution.max_storage_key_len)?;
        charge(&mut c, per_byte, kl)?;
        let (mem, state) = memory(&mut c)?;
        let removed = state
            .host
            .storage_remove(&CONTRACT, &mem[slice(mem, kp, kl)?]);
        let read = c.data().schedule.storage_read;
        charge(
            &mut c,
            Cost::new(0, read.per_byte),
            removed.unwrap_or(0) as usize,
        )?;
        Ok(removed.is_some() as i32)
    }

    fn caller(mut c: Ctx<'_>, op: i32) -> Result<(), Error> {
        enter(&mut c, |s| s.context)?;
        let (mem, _) = memory(&mut c)?;
        put(mem, op, &CALLER)
    }

    fn block_number(mut c: Ctx<'_>) -> Result<i64, Error> {
        enter(&mut c, |s| s.context)?;
        Ok(1)
    }

    fn get_balance(mut c: Ctx<'_>, ap: i32, op: i32) -> Result<(), Error> {
        enter(&mut c, |s| s.balance)?;
        let (mem, state) = memory(&mut c)?;
        let who: [u8; 32] = mem[slice(mem, ap, 32)?].try_into().expect("32 bytes");
        let balance = state.host.balance(&who).to_le_bytes();
        put(mem, op, &balance)
    }

    fn sha256(mut c: Ctx<'_>, dp: i32, dl: i32, op: i32) -> Result<i32, Error> {
        let per_byte = enter(&mut c, |s| s.sha256)?;
        // Charged per 64-byte block, padding included, as runtime-vm charges it.
        charge(&mut c, per_byte, (dl as u32 as usize + 9).div_ceil(64) * 64)?;
        let (mem, _) = memory(&mut c)?;
        let digest = sha2::Sha256::digest(&mem[slice(mem, dp, dl as u32 as usize)?]);
        put(mem, op, &digest).map(|()| 0)
    }

    fn emit_event(mut c: Ctx<'_>, tp: i32, tc: i32, dp: i32, dl: i32) -> Result<(), Error> {
        let per_byte = enter(&mut c, |s| s.emit_event)?;
        let count = checked(tc, 4)?;
        let limits = &c.data().limits.execution;
        let (max_data, max_events) = (limits.max_event_data_len, limits.max_events as usize);
        let dl = checked(dl, max_data)?;
        if c.data().events.len() >= max_events {
            return Err(Error::new("too many events"));
        }
        charge(&mut c, per_byte, 32 * count + dl)?;
        let (mem, state) = memory(&mut c)?;
        let topics = mem[slice(mem, tp, 32 * count)?].to_vec();
        let data = mem[slice(mem, dp, dl)?].to_vec();
        state.events.push((topics, data));
        Ok(())
    }

    fn set_return(mut c: Ctx<'_>, p: i32, l: i32) -> Result<(), Error> {
        let per_byte = enter(&mut c, |s| s.set_return)?;
        let l = checked(l, c.data().limits.execution.max_return_data_len)?;
        charge(&mut c, per_byte, l)?;
        let (mem, state) = memory(&mut c)?;
        state.return_data = mem[slice(mem, p, l)?].to_vec();
        Ok(())
    }

    fn linker(engine: &Engine) -> Linker<State> {
        let mut linker = Linker::new(engine);
        let env = "env";
        linker.func_wrap(env, "storage_read", storage_read).unwrap();
        linker
            .func_wrap(env, "storage_write", storage_write)
            .unwrap();
        linker
            .func_wrap(env, "storage_remove", storage_remove)
            .unwrap();
        linker.func_wrap(env, "caller", caller).unwrap();
        linker.func_wrap(env, "block_number", block_number).unwrap();
        linker.func_wrap(env, "get_balance", get_balance).unwrap();
        linker.func_wrap(env, "sha256", sha256).unwrap();
        linker.func_wrap(env, "emit_event", emit_event).unwrap();
        linker.func_wrap(env, "set_return", set_return).unwrap();
        linker
    }

    impl Wasmi {
        pub fn new(code: &[u8]) -> Self {
            let mut config = Config::default();
            config.consume_fuel(true);
            let engine = Engine::new(&config);
            let module = Module::new(&engine, code).expect("wasmi accepts the contract");
            let linker = linker(&engine);
            Self {
                engine,
                module,
                linker,
                host: MockHost::new(),
            }
        }

        /// Compiles `code` eagerly (the cold-compile measurement).
        pub fn compile(code: &[u8]) {
            let mut config = Config::default();
            config
                .consume_fuel(true)
                .compilation_mode(wasmi::CompilationMode::Eager);
            Module::new(&Engine::new(&config), code).expect("wasmi compiles");
        }

        /// Runs `entry` with `input`; its answer, for comparison.
        pub fn run(&mut self, entry: &str, input: &[u8]) -> Answer {
            Answer {
                output: self.execute(entry, input),
                storage: self.host.contract_storage(&CONTRACT),
            }
        }

        /// Runs `entry` with `input`; its return data.
        pub fn execute(&mut self, entry: &str, input: &[u8]) -> Vec<u8> {
            let mut host = std::mem::take(&mut self.host);
            host.start_transaction();
            let state = State {
                host,
                schedule: Schedule::default(),
                limits: Limits::default(),
                return_data: Vec::new(),
                events: Vec::new(),
                memory: None,
            };
            let mut store = Store::new(&self.engine, state);
            store.set_fuel(u64::MAX / 2).unwrap();
            let instance = self
                .linker
                .instantiate_and_start(&mut store, &self.module)
                .expect("instantiates");
            store.data_mut().memory = instance.get_memory(&store, "memory");
            let (ptr, len) = if input.is_empty() {
                (0, 0)
            } else {
                let alloc = instance
                    .get_typed_func::<i32, i32>(&store, "alloc")
                    .unwrap();
                let ptr = alloc.call(&mut store, input.len() as i32).unwrap();
                let memory = store.data().memory.unwrap();
                memory.write(&mut store, ptr as usize, input).unwrap();
                (ptr, input.len() as i32)
            };
            let func = instance
                .get_typed_func::<(i32, i32), i32>(&store, entry)
                .unwrap();
            let status = func.call(&mut store, (ptr, len)).expect("wasmi call runs");
            assert_eq!(status, 0, "wasmi call reverted");
            let state = store.into_data();
            self.host = state.host;
            self.host.commit_transaction();
            state.return_data
        }
    }
}

/// The same Wasmtime 48 with fuel off and no instrumentation: with Winch,
/// what runtime-vm would cost without metering; with Cranelift, what the
/// optimizing compiler runtime-vm gave up (for compile times it cannot
/// bound) would run at. Only `set_return` is provided.
pub mod plain_wasmtime {
    use super::*;
    use wasmtime::{Caller, Config, Engine, Linker, Memory, Module, Store, Strategy};

    pub struct Plain {
        engine: Engine,
        module: Module,
        linker: Linker<(Option<Memory>, Vec<u8>)>,
    }

    impl Plain {
        pub fn engine(strategy: Strategy) -> Engine {
            let mut config = Config::new();
            config
                .strategy(strategy)
                .cranelift_nan_canonicalization(true);
            Engine::new(&config).expect("engine")
        }

        pub fn new(code: &[u8], strategy: Strategy) -> Self {
            let engine = Self::engine(strategy);
            let module = Module::new(&engine, code).expect("wasmtime compiles");
            let mut linker = Linker::new(&engine);
            linker
                .func_wrap(
                    "env",
                    "set_return",
                    |mut c: Caller<'_, (Option<Memory>, Vec<u8>)>, p: i32, l: i32| {
                        let memory = c.data().0.expect("memory");
                        let (mem, state) = memory.data_and_store_mut(&mut c);
                        let data = range(mem.len(), p, l).expect("in bounds");
                        state.1 = mem[data].to_vec();
                    },
                )
                .unwrap();
            Self {
                engine,
                module,
                linker,
            }
        }

        pub fn run(&mut self, input: &[u8]) -> Answer {
            let mut store = Store::new(&self.engine, (None, Vec::new()));
            let instance = self
                .linker
                .instantiate(&mut store, &self.module)
                .expect("instantiates");
            let memory = instance.get_memory(&mut store, "memory").unwrap();
            store.data_mut().0 = Some(memory);
            let alloc = instance
                .get_typed_func::<i32, i32>(&mut store, "alloc")
                .unwrap();
            let ptr = alloc.call(&mut store, input.len() as i32).unwrap();
            memory.write(&mut store, ptr as usize, input).unwrap();
            let func = instance
                .get_typed_func::<(i32, i32), i32>(&mut store, "execute")
                .unwrap();
            assert_eq!(func.call(&mut store, (ptr, input.len() as i32)).unwrap(), 0);
            Answer {
                output: store.data().1.clone(),
                storage: BTreeMap::new(),
            }
        }
    }
}
