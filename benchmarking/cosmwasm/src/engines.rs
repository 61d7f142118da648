//! The two engines of this process: runtime-vm's CosmWasm path and
//! cosmwasm-vm 3 (Wasmer singlepass, metered), both with warm caches and
//! in-memory storage, running the very same wasm.
//!
//! Both map addresses the same way (SS58 with prefix 42 over 32-byte
//! accounts), so the contract writes identical keys on both and their final
//! storage can be compared byte for byte.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use cosmwasm_std::{Addr, BlockInfo, Checksum, Coin, ContractResult, Env, MessageInfo, Timestamp};
use cosmwasm_vm::testing::{MockQuerier, MockStorage};
use cosmwasm_vm::{
    call_execute, call_instantiate, call_query, Backend, BackendApi, BackendError, BackendResult,
    Cache, CacheOptions, GasInfo, InstanceOptions, Size, Storage,
};
use runtime_vm::testing::MockHost;
use runtime_vm::{CwChain, CwEntry, CwRequest, CwStatus, Limits, Schedule, Semantics, Vm};

/// The SS58 prefix both engines use (one byte: below 64).
const PREFIX: u8 = 42;
/// The chain id both engines report.
const CHAIN_ID: &str = "vm-bench";
/// The contract's address.
pub const CONTRACT: [u8; 32] = [0xC0; 32];
/// The caller.
pub const CALLER: [u8; 32] = [0xA1; 32];

/// A response's attributes, compared across engines before any time is trusted.
pub type Attributes = Vec<(String, String)>;

fn ss58_checksum(payload: &[u8]) -> [u8; 2] {
    use blake2::Digest;
    let digest = blake2::Blake2b512::new()
        .chain_update(b"SS58PRE")
        .chain_update(payload)
        .finalize();
    [digest[0], digest[1]]
}

/// `account`'s SS58 form.
pub fn human(account: [u8; 32]) -> String {
    let mut payload = vec![PREFIX];
    payload.extend_from_slice(&account);
    let checksum = ss58_checksum(&payload);
    payload.extend_from_slice(&checksum);
    bs58::encode(payload).into_string()
}

/// The account behind an SS58 string with [`PREFIX`].
fn canonical(human: &str) -> Option<[u8; 32]> {
    let data = bs58::decode(human).into_vec().ok()?;
    let (payload, checksum) = data.split_at_checked(33)?;
    (payload[0] == PREFIX && checksum == ss58_checksum(payload)).then_some(())?;
    payload[1..].try_into().ok()
}

/// runtime-vm's CosmWasm path, as the pallet runs it.
pub struct OursCw {
    vm: Vm,
    host: MockHost,
    chain: CwChain,
    /// Fuel the last call used.
    pub fuel: u64,
}

impl OursCw {
    pub fn new(code: &[u8]) -> Self {
        let mut host = MockHost::new();
        host.add_contract(CONTRACT, code.to_vec());
        Self {
            vm: Vm::new(
                Semantics::LATEST,
                Limits::default(),
                Schedule::default(),
                256 << 20,
            )
            .expect("engine"),
            host,
            chain: CwChain {
                chain_id: CHAIN_ID.into(),
                denom: "unit".into(),
                ss58_prefix: PREFIX.into(),
                total_supply: 0,
            },
            fuel: 0,
        }
    }

    fn run(&mut self, entry: CwEntry) -> CwStatus {
        let request = CwRequest {
            entry,
            contract: CONTRACT,
            sender: CALLER,
            funds: 0,
            gas_limit: u64::MAX / 2,
            block: runtime_vm::BlockContext {
                number: 1,
                timestamp: 0,
            },
            chain: &self.chain,
            transaction_index: None,
            collect_debug: false,
        };
        let outcome = self
            .vm
            .execute_cosmwasm(&mut self.host, request)
            .expect("runtime-vm runs the request");
        self.fuel = outcome.gas_used;
        outcome.status
    }

    pub fn instantiate(&mut self, msg: &[u8]) {
        let status = self.run(CwEntry::Instantiate(msg.to_vec()));
        assert!(matches!(status, CwStatus::Ok(_)), "{status:?}");
    }

    /// Runs `execute`; the response's attributes.
    pub fn execute(&mut self, msg: &[u8]) -> Attributes {
        match self.run(CwEntry::Execute(msg.to_vec())) {
            CwStatus::Ok(response) => response
                .attributes
                .into_iter()
                .map(|a| (a.key, a.value))
                .collect(),
            other => panic!("runtime-vm: execute failed: {other:?}"),
        }
    }

    /// Every storage entry of the contract, in key order.
    pub fn storage(&self) -> BTreeMap<Vec<u8>, Vec<u8>> {
        self.host.contract_storage(&CONTRACT)
    }

    /// Sets a storage entry of the contract before a run.
    pub fn set_storage(&mut self, key: &[u8], value: &[u8]) {
        self.host
            .set_storage(CONTRACT, key.to_vec(), value.to_vec());
    }

    pub fn query(&mut self, msg: &[u8]) -> Vec<u8> {
        match self.run(CwEntry::Query(msg.to_vec())) {
            CwStatus::Data(data) => data,
            other => panic!("runtime-vm: query failed: {other:?}"),
        }
    }
}

/// cosmwasm-vm's `BackendApi` with this chain's address mapping.
#[derive(Clone, Copy)]
struct Ss58Api;

impl BackendApi for Ss58Api {
    fn addr_validate(&self, input: &str) -> BackendResult<()> {
        let (canonical, gas) = self.addr_canonicalize(input);
        (canonical.map(drop), gas)
    }

    fn addr_canonicalize(&self, human: &str) -> BackendResult<Vec<u8>> {
        let result = canonical(human)
            .map(|account| account.to_vec())
            .ok_or_else(|| BackendError::user_err("invalid SS58 address"));
        (result, GasInfo::free())
    }

    fn addr_humanize(&self, canonical: &[u8]) -> BackendResult<String> {
        let result = <[u8; 32]>::try_from(canonical)
            .map(human)
            .map_err(|_| BackendError::user_err("invalid canonical address length"));
        (result, GasInfo::free())
    }
}

type CwBackend = Backend<Ss58Api, MockStorage, MockQuerier>;

/// cosmwasm-vm 3 with an in-memory cache of the compiled module.
pub struct CosmwasmVm {
    cache: Cache<Ss58Api, MockStorage, MockQuerier>,
    checksum: Checksum,
    backend: Option<CwBackend>,
    /// CosmWasm gas the last call used.
    pub gas: u64,
    _dir: TempDir,
}

/// A directory removed on drop (cosmwasm-vm's cache wants a base directory).
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl CosmwasmVm {
    /// Stores `code` in a fresh cache; the reason if cosmwasm-vm rejects it.
    pub fn new(code: &[u8]) -> Result<Self, String> {
        static CACHES: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "vm-bench-cosmwasm-{}-{}",
            std::process::id(),
            CACHES.fetch_add(1, Ordering::Relaxed)
        ));
        let capabilities: HashSet<String> = ["iterator", "staking", "cosmwasm_1_1", "cosmwasm_1_2"]
            .into_iter()
            .map(String::from)
            .collect();
        let options = CacheOptions::new(&dir, capabilities, Size::mebi(256), Size::mebi(16));
        // Safety: the cache's directory is ours alone for the process's lifetime.
        let cache = unsafe { Cache::new(options) }.map_err(|e| e.to_string())?;
        let checksum = cache
            .store_code(code, true, true)
            .map_err(|e| e.to_string())?;
        Ok(Self {
            cache,
            checksum,
            backend: Some(Backend {
                api: Ss58Api,
                storage: MockStorage::new(),
                querier: MockQuerier::new(&[]),
            }),
            gas: 0,
            _dir: TempDir(dir),
        })
    }

    fn env() -> Env {
        let mut env = cosmwasm_vm::testing::mock_env();
        env.block = BlockInfo {
            height: 1,
            time: Timestamp::from_nanos(0),
            chain_id: CHAIN_ID.into(),
        };
        env.transaction = None;
        env.contract.address = Addr::unchecked(human(CONTRACT));
        env
    }

    fn info() -> MessageInfo {
        MessageInfo {
            sender: Addr::unchecked(human(CALLER)),
            funds: Vec::<Coin>::new(),
        }
    }

    /// Runs `call` on an instance from the warm cache, then takes the storage back.
    fn with_instance<R>(
        &mut self,
        call: impl FnOnce(&mut cosmwasm_vm::Instance<Ss58Api, MockStorage, MockQuerier>) -> R,
    ) -> R {
        let backend = self.backend.take().expect("backend between calls");
        let options = InstanceOptions {
            gas_limit: u64::MAX / 2,
        };
        let mut instance = self
            .cache
            .get_instance(&self.checksum, backend, options)
            .expect("cosmwasm-vm instantiates from its cache");
        let result = call(&mut instance);
        self.gas = u64::MAX / 2 - instance.get_gas_left();
        self.backend = instance.recycle();
        result
    }

    pub fn instantiate(&mut self, msg: &[u8]) {
        let result = self.with_instance(|instance| {
            call_instantiate::<_, _, _, cosmwasm_std::Empty>(
                instance,
                &Self::env(),
                &Self::info(),
                msg,
            )
        });
        assert!(matches!(result, Ok(ContractResult::Ok(_))), "{result:?}");
    }

    /// Runs `execute`; the response's attributes.
    pub fn execute(&mut self, msg: &[u8]) -> Attributes {
        let result = self.with_instance(|instance| {
            call_execute::<_, _, _, cosmwasm_std::Empty>(instance, &Self::env(), &Self::info(), msg)
        });
        let Ok(ContractResult::Ok(response)) = result else {
            panic!("cosmwasm-vm: execute failed: {result:?}")
        };
        let attributes = response.attributes.into_iter().map(|a| (a.key, a.value));
        attributes.collect()
    }

    pub fn query(&mut self, msg: &[u8]) -> Vec<u8> {
        let result = self.with_instance(|instance| call_query(instance, &Self::env(), msg));
        match result {
            Ok(ContractResult::Ok(data)) => data.to_vec(),
            other => panic!("cosmwasm-vm: query failed: {other:?}"),
        }
    }

    /// Sets a storage entry of the contract before a run.
    pub fn set_storage(&mut self, key: &[u8], value: &[u8]) {
        let storage = &mut self.backend.as_mut().expect("backend").storage;
        storage.set(key, value).0.expect("MockStorage sets");
    }

    /// Every storage entry of the contract, in key order.
    pub fn storage(&mut self) -> BTreeMap<Vec<u8>, Vec<u8>> {
        let storage = &mut self.backend.as_mut().expect("backend").storage;
        let (id, _) = storage.scan(None, None, cosmwasm_std::Order::Ascending);
        let id = id.expect("scan");
        let mut entries = BTreeMap::new();
        while let (Ok(Some((key, value))), _) = storage.next(id) {
            entries.insert(key, value);
        }
        entries
    }
}
