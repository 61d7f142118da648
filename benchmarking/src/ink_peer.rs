//! wasmi running an ink! contract as pallet-contracts runs it: fuel metering
//! on, a linker built for every call with the contract's memory defined in
//! it (pallet-contracts builds one per instantiation), and the
//! `seal0`/`seal1`/`seal2` functions ink!'s erc20 imports, with
//! pallet-contracts' encodings and storage keys (BLAKE2b-128 ++ key).

use blake2::digest::consts::{U16, U32};
use blake2::{Blake2b, Digest};
use wasmi::{Caller, Config, Engine, Error, Linker, Memory, MemoryType, Module, Store};

use crate::engines::{Answer, PeerState, CALLER};

/// pallet-contracts' "no value" length and `KeyNotFound` return code.
const SENTINEL: u32 = u32::MAX;
const KEY_NOT_FOUND: i32 = 3;

/// What one call's host functions share.
pub struct State {
    peer: PeerState,
    input: Vec<u8>,
    memory: Option<Memory>,
    /// Set by `seal_return`: the call ended with these flags.
    returned: Option<u32>,
}

/// An ink! contract on wasmi.
pub struct WasmiInk {
    engine: Engine,
    module: Module,
    linker: Linker<State>,
    memory: MemoryType,
    pub state: PeerState,
}

fn memory<'a>(caller: &'a mut Caller<'_, State>) -> Result<(&'a mut [u8], &'a mut State), Error> {
    let memory = caller
        .data()
        .memory
        .ok_or_else(|| Error::new("no memory"))?;
    Ok(memory.data_and_store_mut(caller))
}

fn slice(mem: &[u8], ptr: i32, len: u32) -> Result<std::ops::Range<usize>, Error> {
    let start = ptr as u32 as usize;
    let end = start
        .checked_add(len as usize)
        .filter(|end| *end <= mem.len())
        .ok_or_else(|| Error::new("pointer out of bounds"))?;
    Ok(start..end)
}

/// pallet-contracts' output buffer: the `u32` at `len_ptr` is its capacity.
fn write_output(mem: &mut [u8], out_ptr: i32, len_ptr: i32, data: &[u8]) -> Result<(), Error> {
    let len_range = slice(mem, len_ptr, 4)?;
    let capacity = u32::from_le_bytes(mem[len_range.clone()].try_into().expect("4 bytes"));
    if (capacity as usize) < data.len() {
        return Err(Error::new("output buffer too small"));
    }
    let out = slice(mem, out_ptr, data.len() as u32)?;
    mem[out].copy_from_slice(data);
    mem[len_range].copy_from_slice(&(data.len() as u32).to_le_bytes());
    Ok(())
}

/// A key of a given length as pallet-contracts stores it.
fn stored_key(key: &[u8]) -> Vec<u8> {
    [&Blake2b::<U16>::digest(key)[..], key].concat()
}

fn linker(engine: &Engine) -> Linker<State> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap(
            "seal0",
            "input",
            |mut c: Caller<'_, State>, out: i32, len: i32| {
                let (mem, state) = memory(&mut c)?;
                let input = std::mem::take(&mut state.input);
                write_output(mem, out, len, &input)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal0",
            "seal_return",
            |mut c: Caller<'_, State>, flags: i32, ptr: i32, len: i32| -> Result<(), Error> {
                let (mem, state) = memory(&mut c)?;
                let data = slice(mem, ptr, len as u32)?;
                state.peer.return_data = mem[data].to_vec();
                state.returned = Some(flags as u32);
                Err(Error::new("seal_return"))
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal1",
            "get_storage",
            |mut c: Caller<'_, State>, kp: i32, kl: i32, out: i32, len: i32| {
                let (mem, state) = memory(&mut c)?;
                let key = stored_key(&mem[slice(mem, kp, kl as u32)?]);
                let Some(value) = state.peer.storage.get(&key).cloned() else {
                    return Ok(KEY_NOT_FOUND);
                };
                write_output(mem, out, len, &value)?;
                Ok(0)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal2",
            "set_storage",
            |mut c: Caller<'_, State>, kp: i32, kl: i32, vp: i32, vl: i32| {
                let (mem, state) = memory(&mut c)?;
                let key = stored_key(&mem[slice(mem, kp, kl as u32)?]);
                let value = mem[slice(mem, vp, vl as u32)?].to_vec();
                let old = state.peer.storage.insert(key, value);
                Ok(old.map_or(SENTINEL, |old| old.len() as u32) as i32)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal0",
            "caller",
            |mut c: Caller<'_, State>, out: i32, len: i32| {
                let (mem, _) = memory(&mut c)?;
                write_output(mem, out, len, &CALLER)
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal0",
            "value_transferred",
            |mut c: Caller<'_, State>, out: i32, len: i32| {
                let (mem, _) = memory(&mut c)?;
                write_output(mem, out, len, &0u128.to_le_bytes())
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal0",
            "hash_blake2_256",
            |mut c: Caller<'_, State>, ptr: i32, len: i32, out: i32| {
                let (mem, _) = memory(&mut c)?;
                let hash = Blake2b::<U32>::digest(&mem[slice(mem, ptr, len as u32)?]);
                let out = slice(mem, out, 32)?;
                mem[out].copy_from_slice(&hash);
                Ok(())
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "seal0",
            "deposit_event",
            |mut c: Caller<'_, State>, tp: i32, tl: i32, dp: i32, dl: i32| {
                let (mem, _) = memory(&mut c)?;
                // Read as pallet-contracts reads them (it decodes the topics).
                let topics = mem[slice(mem, tp, tl as u32)?].to_vec();
                let data = mem[slice(mem, dp, dl as u32)?].to_vec();
                std::hint::black_box((topics, data));
                Ok(())
            },
        )
        .unwrap();
    linker
}

impl WasmiInk {
    /// An ink! contract whose memory import is `memory`.
    pub fn new(code: &[u8]) -> Self {
        let mut config = Config::default();
        config.consume_fuel(true);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, code).expect("wasmi accepts the contract");
        let memory = module
            .imports()
            .find_map(|import| import.ty().memory().copied())
            .expect("an ink! contract imports its memory");
        let linker = linker(&engine);
        Self {
            engine,
            module,
            linker,
            memory,
            state: PeerState::default(),
        }
    }

    /// Runs `entry` (`deploy` or `call`) with `input`; it must succeed.
    pub fn run(&mut self, entry: &str, input: &[u8]) -> Answer {
        let mut peer = std::mem::take(&mut self.state);
        peer.return_data.clear();
        let state = State {
            peer,
            input: input.to_vec(),
            memory: None,
            returned: None,
        };
        let mut store = Store::new(&self.engine, state);
        store.set_fuel(u64::MAX / 2).unwrap();
        let memory = Memory::new(&mut store, self.memory).expect("the memory");
        store.data_mut().memory = Some(memory);
        let mut linker = self.linker.clone();
        linker.define("env", "memory", memory).unwrap();
        let instance = linker
            .instantiate_and_start(&mut store, &self.module)
            .expect("instantiates");
        let func = instance.get_typed_func::<(), ()>(&store, entry).unwrap();
        let ended = func.call(&mut store, ());
        let state = store.data_mut();
        match (ended, state.returned) {
            (Ok(()), None) | (Err(_), Some(0)) => {}
            (ended, flags) => panic!("wasmi {entry} failed: {ended:?}, flags {flags:?}"),
        }
        self.state = std::mem::take(&mut state.peer);
        Answer {
            output: self.state.return_data.clone(),
            storage: self.state.storage.clone(),
        }
    }
}
