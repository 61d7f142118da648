//! Builders for the pallet's contract calls, as pallet-revive's tests have:
//! Alice signs, with no input, no value, [`GAS`], no storage deposit limit,
//! no salt, admin or label, unless a test says otherwise. Set what the test is about, then run it as
//! the extrinsic (`dispatch`), the bare call (`build`) or the runtime API's
//! dry run (`dry_run`, rolled back as the node does).

use frame_support::dispatch::DispatchResultWithPostInfo;
use frame_support::weights::Weight;
use sp_core::H256;
use sp_runtime::AccountId32;

use super::{rolled_back, GAS};
use crate::mock::*;
use crate::{CallOutcome, Instance};

/// A call of `contract`.
pub fn call(contract: &AccountId32) -> Call {
    Call {
        origin: ALICE,
        contract: contract.clone(),
        input: Vec::new(),
        value: 0,
        gas: None,
        deposit_limit: None,
    }
}

/// An instantiation of `code_hash`.
pub fn instantiate(code_hash: H256) -> Instantiate {
    Instantiate {
        origin: ALICE,
        code_hash,
        input: Vec::new(),
        value: 0,
        gas: None,
        deposit_limit: None,
        instance: Instance::default(),
    }
}

/// A migration of CosmWasm `contract` to `code_hash`.
pub fn migrate(contract: &AccountId32, code_hash: H256) -> Migrate {
    Migrate {
        origin: ALICE,
        contract: contract.clone(),
        code_hash,
        msg: Vec::new(),
        gas: None,
        deposit_limit: None,
    }
}

/// See [`call`].
#[must_use]
pub struct Call {
    origin: AccountId32,
    contract: AccountId32,
    input: Vec<u8>,
    value: u128,
    /// `None`: [`GAS`], or a block's worth in a dry run.
    gas: Option<Weight>,
    deposit_limit: Option<u128>,
}

impl Call {
    /// Who calls.
    pub fn origin(mut self, origin: AccountId32) -> Self {
        self.origin = origin;
        self
    }

    /// The input.
    pub fn input(mut self, input: impl AsRef<[u8]>) -> Self {
        self.input = input.as_ref().to_vec();
        self
    }

    /// Value sent along.
    pub fn value(mut self, value: u128) -> Self {
        self.value = value;
        self
    }

    /// The gas limit.
    pub fn gas(mut self, gas: Weight) -> Self {
        self.gas = Some(gas);
        self
    }

    /// The storage deposit limit.
    pub fn storage_deposit_limit(mut self, limit: u128) -> Self {
        self.deposit_limit = Some(limit);
        self
    }

    /// The `call` extrinsic.
    pub fn dispatch(self) -> DispatchResultWithPostInfo {
        WasmContracts::call(
            RuntimeOrigin::signed(self.origin),
            self.contract,
            self.input,
            self.value,
            self.gas.unwrap_or(GAS),
            self.deposit_limit.map(Into::into),
        )
    }

    /// `bare_call`, its changes kept if it succeeds.
    pub fn build(self) -> CallOutcome {
        WasmContracts::bare_call(
            self.origin,
            self.contract,
            self.input,
            self.value,
            self.gas.unwrap_or(GAS),
            self.deposit_limit,
        )
    }

    /// `WasmContractsApi::call`, its changes rolled back.
    pub fn dry_run(self) -> CallOutcome {
        rolled_back(|| {
            WasmContracts::dry_run_call(
                self.origin,
                self.contract,
                self.value,
                self.gas,
                self.deposit_limit,
                self.input,
            )
        })
    }
}

/// See [`instantiate`].
#[must_use]
pub struct Instantiate {
    origin: AccountId32,
    code_hash: H256,
    input: Vec<u8>,
    value: u128,
    /// `None`: [`GAS`], or a block's worth in a dry run.
    gas: Option<Weight>,
    deposit_limit: Option<u128>,
    instance: Instance,
}

impl Instantiate {
    /// Who instantiates.
    pub fn origin(mut self, origin: AccountId32) -> Self {
        self.origin = origin;
        self
    }

    /// The input (CosmWasm: the `instantiate` message).
    pub fn input(mut self, input: impl AsRef<[u8]>) -> Self {
        self.input = input.as_ref().to_vec();
        self
    }

    /// Value sent along.
    pub fn value(mut self, value: u128) -> Self {
        self.value = value;
        self
    }

    /// The gas limit.
    pub fn gas(mut self, gas: Weight) -> Self {
        self.gas = Some(gas);
        self
    }

    /// The salt of the address.
    pub fn salt(mut self, salt: impl AsRef<[u8]>) -> Self {
        self.instance.salt = salt.as_ref().to_vec();
        self
    }

    /// Who may migrate the contract.
    pub fn admin(mut self, admin: AccountId32) -> Self {
        self.instance.admin = Some(admin);
        self
    }

    /// The label.
    pub fn label(mut self, label: impl AsRef<[u8]>) -> Self {
        self.instance.label = label.as_ref().to_vec();
        self
    }

    /// The storage deposit limit.
    pub fn storage_deposit_limit(mut self, limit: u128) -> Self {
        self.deposit_limit = Some(limit);
        self
    }

    /// The address the contract gets.
    pub fn address(&self) -> AccountId32 {
        WasmContracts::contract_address(&self.origin, &self.code_hash, &self.instance.salt)
    }

    /// `bare_instantiate`, its changes kept if it succeeds.
    pub fn build(self) -> CallOutcome {
        WasmContracts::bare_instantiate(
            self.origin,
            self.code_hash,
            self.input,
            self.value,
            self.gas.unwrap_or(GAS),
            self.deposit_limit,
            self.instance,
        )
    }

    /// `WasmContractsApi::instantiate` of the uploaded code, its changes rolled back.
    pub fn dry_run(self) -> CallOutcome {
        rolled_back(|| {
            WasmContracts::dry_run_instantiate(
                self.origin,
                crate::Code::Existing(self.code_hash),
                self.value,
                self.gas,
                self.deposit_limit,
                self.input,
                self.instance,
            )
        })
    }

    /// The `instantiate` extrinsic, which must succeed; returns the new
    /// contract's address.
    pub fn instantiated(self) -> AccountId32 {
        let address = self.address();
        frame_support::assert_ok!(self.dispatch());
        address
    }

    /// The `instantiate` extrinsic.
    pub fn dispatch(self) -> DispatchResultWithPostInfo {
        let Instance { salt, admin, label } = self.instance;
        WasmContracts::instantiate(
            RuntimeOrigin::signed(self.origin),
            self.code_hash,
            self.input,
            self.value,
            self.gas.unwrap_or(GAS),
            self.deposit_limit.map(Into::into),
            salt,
            admin,
            label,
        )
    }
}

/// See [`migrate`].
#[must_use]
pub struct Migrate {
    origin: AccountId32,
    contract: AccountId32,
    code_hash: H256,
    msg: Vec<u8>,
    /// `None`: [`GAS`], or a block's worth in a dry run.
    gas: Option<Weight>,
    deposit_limit: Option<u128>,
}

impl Migrate {
    /// Who migrates (the contract's admin may).
    pub fn origin(mut self, origin: AccountId32) -> Self {
        self.origin = origin;
        self
    }

    /// The `migrate` message.
    pub fn msg(mut self, msg: impl AsRef<[u8]>) -> Self {
        self.msg = msg.as_ref().to_vec();
        self
    }

    /// The gas limit.
    pub fn gas(mut self, gas: Weight) -> Self {
        self.gas = Some(gas);
        self
    }

    /// The storage deposit limit.
    pub fn storage_deposit_limit(mut self, limit: u128) -> Self {
        self.deposit_limit = Some(limit);
        self
    }

    /// The `migrate` extrinsic.
    pub fn dispatch(self) -> DispatchResultWithPostInfo {
        WasmContracts::migrate(
            RuntimeOrigin::signed(self.origin),
            self.contract,
            self.code_hash,
            self.msg,
            self.gas.unwrap_or(GAS),
            self.deposit_limit.map(Into::into),
        )
    }

    /// `bare_migrate`, its changes kept if it succeeds.
    pub fn build(self) -> CallOutcome {
        WasmContracts::bare_migrate(
            self.origin,
            self.contract,
            self.code_hash,
            self.msg,
            self.gas.unwrap_or(GAS),
            self.deposit_limit,
        )
    }

    /// `WasmContractsApi::migrate`, its changes rolled back.
    pub fn dry_run(self) -> CallOutcome {
        rolled_back(|| {
            WasmContracts::dry_run_migrate(
                self.origin,
                self.contract,
                self.code_hash,
                self.gas,
                self.deposit_limit,
                self.msg,
            )
        })
    }
}
