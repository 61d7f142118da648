//! Shared helpers: a VM, an in-memory chain, and wat modules with the native imports.

use runtime_vm::abi::native;
use runtime_vm::testing::MockHost;
use runtime_vm::{
    Address, BlockContext, CallRequest, CwChain, CwEntry, CwOutcome, CwRequest, CwStatus,
    EntryPoint, ExecError, InkChain, Limits, Outcome, Schedule, Semantics, Vm,
};
use runtime_vm_hostile::imports_wat;

pub const ALICE: Address = [0xA1; 32];
pub const BOB: Address = [0xB0; 32];
pub const CONTRACT: Address = [0xC0; 32];
pub const GAS: u64 = 1_000_000_000;
pub const BLOCK: BlockContext = BlockContext {
    number: 42,
    timestamp: 1_700_000_000_000,
};
/// What the tests' chain tells ink! contracts.
pub const INK_CHAIN: InkChain = InkChain {
    minimum_balance: 500,
    ref_time_per_fuel: 1_000,
};

/// A VM of the newest semantics, the default limits and schedule, and a
/// cache of `cache_bytes`.
pub fn default_vm(cache_bytes: usize) -> Vm {
    Vm::new(
        Semantics::LATEST,
        Limits::default(),
        Schedule::default(),
        cache_bytes,
    )
    .unwrap()
}

/// A VM and a chain to run it against.
pub struct Env {
    pub vm: Vm,
    pub host: MockHost,
}

impl Env {
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Self {
        Self {
            vm: Vm::new(Semantics::LATEST, limits, Schedule::default(), 64 << 20).unwrap(),
            host: MockHost::new(),
        }
    }

    /// Places `code` at `address` without running `deploy`.
    pub fn install(&mut self, address: Address, code: &[u8]) -> runtime_vm::CodeHash {
        self.host.add_contract(address, code.to_vec())
    }

    pub fn request<'a>(&self, contract: Address, input: &'a [u8]) -> CallRequest<'a> {
        CallRequest {
            entry: EntryPoint::Execute,
            contract,
            caller: ALICE,
            value: 0,
            input,
            gas_limit: GAS,
            block: BLOCK,
            collect_debug: true,
        }
    }

    pub fn run(&mut self, request: CallRequest<'_>) -> Result<Outcome, ExecError> {
        self.vm.execute(&mut self.host, request)
    }

    /// Installs `code` at `address` and runs its `deploy` with `input` as Alice.
    pub fn deploy(&mut self, address: Address, code: &[u8], input: &[u8]) -> Outcome {
        self.install(address, code);
        let request = CallRequest {
            entry: EntryPoint::Deploy,
            ..self.request(address, input)
        };
        self.run(request).unwrap()
    }

    /// Calls `execute` of `contract` as Alice with the default gas.
    pub fn call(&mut self, contract: Address, input: &[u8]) -> Outcome {
        let request = self.request(contract, input);
        self.run(request).unwrap()
    }

    /// Runs an ink! `request`.
    pub fn run_ink(&mut self, request: CallRequest<'_>) -> Result<Outcome, ExecError> {
        self.vm.execute_ink(&mut self.host, request, INK_CHAIN)
    }

    /// Calls an ink! contract's `call` as Alice with the default gas.
    pub fn call_ink(&mut self, contract: Address, input: &[u8]) -> Outcome {
        let request = self.request(contract, input);
        self.run_ink(request).unwrap()
    }

    /// Calls `execute` as `caller`.
    pub fn call_as(&mut self, caller: Address, contract: Address, input: &[u8]) -> Outcome {
        let request = CallRequest {
            caller,
            ..self.request(contract, input)
        };
        self.run(request).unwrap()
    }
}

/// A wat module importing every native import as `$name`, with one page of
/// memory, `data` at offset 0, and `execute` running `body` then returning 0.
pub fn wat_contract(data: &str, body: &str) -> Vec<u8> {
    wat_contract_with(
        data,
        &format!("(func (export \"execute\") (param i32 i32) (result i32) {body} (i32.const 0))"),
    )
}

/// Like [`wat_contract`], with arbitrary extra module fields instead of an `execute`.
pub fn wat_contract_with(data: &str, fields: &str) -> Vec<u8> {
    let mut wat = String::from("(module\n");
    wat.push_str(&imports_wat(native::IMPORTS));
    wat.push_str(&format!(
        "  (memory (export \"memory\") 1)\n  (data (i32.const 0) \"{data}\")\n  {fields}\n)"
    ));
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad test wat: {e}\n{wat}"))
}

/// Runs a [`wat_contract`] once and returns its outcome.
pub fn run_wat(data: &str, body: &str) -> Outcome {
    let mut env = Env::new();
    env.install(CONTRACT, &wat_contract(data, body));
    env.call(CONTRACT, &[])
}

/// The fuel one more copy of `snippet` costs when run: gas of `snippet` twice
/// minus once, less the load charge for the extra code bytes.
pub fn marginal_gas(data: &str, snippet: &str) -> u64 {
    marginal_gas_after(data, "", snippet)
}

/// Like [`marginal_gas`], with `setup` run first in both modules.
pub fn marginal_gas_after(data: &str, setup: &str, snippet: &str) -> u64 {
    let gas_without_load = |body: &str| {
        let code = wat_contract(data, body);
        let mut env = Env::new();
        env.install(CONTRACT, &code);
        let outcome = env.call(CONTRACT, &[]);
        assert!(outcome.is_success(), "{outcome:?}");
        outcome.gas_used - Schedule::default().instantiate.of(code.len())
    };
    gas_without_load(&format!("{setup} {snippet} {snippet}"))
        - gas_without_load(&format!("{setup} {snippet}"))
}

/// A `caller` fixture input: call `callee` with `value`, `gas_limit` and `input`.
pub fn caller_input(
    flags: u8,
    callee: Address,
    value: u128,
    gas_limit: u64,
    input: &[u8],
) -> Vec<u8> {
    let mut out = vec![flags];
    out.extend_from_slice(&callee);
    out.extend_from_slice(&value.to_le_bytes());
    out.extend_from_slice(&gas_limit.to_le_bytes());
    out.extend_from_slice(input);
    out
}

pub fn u128_le(data: &[u8]) -> u128 {
    u128::from_le_bytes(data.try_into().expect("16 bytes"))
}

pub fn u64_le(data: &[u8]) -> u64 {
    u64::from_le_bytes(data.try_into().expect("8 bytes"))
}

/// A VM and a chain holding one CosmWasm contract at [`CONTRACT`], called by
/// [`ALICE`] with `{}`.
pub struct CwEnv {
    pub vm: Vm,
    pub host: MockHost,
    chain: CwChain,
}

impl CwEnv {
    /// `code` at [`CONTRACT`], run by [`default_vm`].
    pub fn new(code: Vec<u8>) -> Self {
        Self::with_vm(default_vm(64 << 20), code)
    }

    /// `code` at [`CONTRACT`], run by `vm`.
    pub fn with_vm(vm: Vm, code: Vec<u8>) -> Self {
        let mut host = MockHost::new();
        host.add_contract(CONTRACT, code);
        Self {
            vm,
            host,
            chain: CwChain {
                chain_id: "testing".into(),
                denom: "unit".into(),
                ss58_prefix: 42,
                total_supply: 0,
            },
        }
    }

    /// Runs the contract's `execute` with `{}`.
    pub fn execute(&mut self, gas_limit: u64, collect_debug: bool) -> CwOutcome {
        self.run(CwEntry::Execute(b"{}".to_vec()), gas_limit, collect_debug)
    }

    /// Runs the contract's `instantiate` with `{}`, which must succeed.
    pub fn instantiate(&mut self) {
        let outcome = self.run(CwEntry::Instantiate(b"{}".to_vec()), GAS, false);
        assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    }

    fn run(&mut self, entry: CwEntry, gas_limit: u64, collect_debug: bool) -> CwOutcome {
        let request = CwRequest {
            entry,
            contract: CONTRACT,
            sender: ALICE,
            funds: 0,
            gas_limit,
            block: BLOCK,
            chain: &self.chain,
            transaction_index: Some(0),
            collect_debug,
        };
        self.vm.execute_cosmwasm(&mut self.host, request).unwrap()
    }
}
