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

    pub fn call(&mut self, input: &[u8]) -> Answer {
        let outcome = self.run(EntryPoint::Execute, input);
        Answer {
            output: outcome.return_data,
            storage: self.host.contract_storage(&CONTRACT),
        }
    }
}

/// The state a wasmi or plain-Wasmtime host keeps for one contract.
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

/// wasmi 2 with fuel metering on, implementing the native-ABI imports the
/// benchmark contracts use (storage, caller, events, return data).
pub mod wasmi_engine {
    use super::*;
    use wasmi::{Caller, Config, Engine, Error, Linker, Memory, Module, Store};

    pub struct State {
        pub peer: PeerState,
        memory: Option<Memory>,
    }

    pub struct Wasmi {
        engine: Engine,
        module: Module,
        linker: Linker<State>,
        pub state: PeerState,
    }

    fn memory<'a>(
        caller: &'a mut Caller<'_, State>,
    ) -> Result<(&'a mut [u8], &'a mut PeerState), Error> {
        let memory = caller
            .data()
            .memory
            .ok_or_else(|| Error::new("no memory"))?;
        let (bytes, state) = memory.data_and_store_mut(caller);
        Ok((bytes, &mut state.peer))
    }

    fn oob() -> Error {
        Error::new("pointer out of bounds")
    }

    fn linker(engine: &Engine) -> Linker<State> {
        let mut linker = Linker::new(engine);
        linker
            .func_wrap(
                "env",
                "storage_read",
                |mut c: Caller<'_, State>, kp: i32, kl: i32, op: i32, cap: i32| {
                    let (mem, peer) = memory(&mut c)?;
                    let key_range = range(mem.len(), kp, kl).ok_or_else(oob)?;
                    let key = mem[key_range].to_vec();
                    let Some(value) = peer.storage.get(&key).cloned() else {
                        return Ok(-1);
                    };
                    let n = value.len().min(cap as u32 as usize);
                    let out = range(mem.len(), op, n as i32).ok_or_else(oob)?;
                    mem[out].copy_from_slice(&value[..n]);
                    Ok(value.len() as i32)
                },
            )
            .unwrap();
        linker
            .func_wrap(
                "env",
                "storage_write",
                |mut c: Caller<'_, State>, kp: i32, kl: i32, vp: i32, vl: i32| {
                    let (mem, peer) = memory(&mut c)?;
                    let (key_range, value_range) = (
                        range(mem.len(), kp, kl).ok_or_else(oob)?,
                        range(mem.len(), vp, vl).ok_or_else(oob)?,
                    );
                    let (key, value) = (mem[key_range].to_vec(), mem[value_range].to_vec());
                    peer.storage.insert(key, value);
                    Ok(0i32)
                },
            )
            .unwrap();
        linker
            .func_wrap("env", "caller", |mut c: Caller<'_, State>, op: i32| {
                let (mem, _) = memory(&mut c)?;
                let out = range(mem.len(), op, 32).ok_or_else(oob)?;
                mem[out].copy_from_slice(&CALLER);
                Ok(())
            })
            .unwrap();
        linker
            .func_wrap(
                "env",
                "emit_event",
                |mut c: Caller<'_, State>, tp: i32, tc: i32, dp: i32, dl: i32| {
                    let (mem, _) = memory(&mut c)?;
                    range(mem.len(), tp, tc.saturating_mul(32)).ok_or_else(oob)?;
                    range(mem.len(), dp, dl).ok_or_else(oob)?;
                    Ok(())
                },
            )
            .unwrap();
        linker
            .func_wrap(
                "env",
                "set_return",
                |mut c: Caller<'_, State>, p: i32, l: i32| {
                    let (mem, peer) = memory(&mut c)?;
                    let data = range(mem.len(), p, l).ok_or_else(oob)?;
                    peer.return_data = mem[data].to_vec();
                    Ok(())
                },
            )
            .unwrap();
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
                state: PeerState::default(),
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

        pub fn run(&mut self, entry: &str, input: &[u8]) -> Answer {
            let state = State {
                peer: std::mem::take(&mut self.state),
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
            self.state = std::mem::take(&mut store.data_mut().peer);
            Answer {
                output: self.state.return_data.clone(),
                storage: self.state.storage.clone(),
            }
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
