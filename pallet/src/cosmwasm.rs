//! CosmWasm in the pallet: entry points run on the node, and the messages
//! they return carried out here, as wasmd's keeper does.
//!
//! After an entry point returns `Ok(Response)`, its attributes and events
//! become [`Event::WasmEvent`]s and its messages run in order, each in a
//! storage transaction of its own: `BankMsg::Send` through the pallet's
//! currency, `WasmMsg::*` through this pallet again. A submessage's result
//! goes to the sender's `reply` when its `ReplyOn` says so; an error nobody
//! replies to fails the whole call, which then keeps no change at all.
//!
//! Fuel is one budget for everything a call runs; a submessage's
//! `gas_limit` caps what it may use, and running out of that cap is an
//! error its `reply` may catch.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use frame_support::pallet_prelude::*;
use frame_support::storage::{with_transaction, TransactionOutcome};
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::Preservation;
use runtime_vm_primitives::{
    Abi, CwChain, CwEntry, CwEvent, CwMsg, CwMsgResponse, CwReply, CwResponse, CwStatus, CwSubMsg,
    CwSubMsgResponse, Status, TrapKind,
};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_core::H256;
use sp_runtime::AccountId32;

use crate::metering::{Meter, OutOfGas};
use crate::outcome::vm_error;
use crate::primitives::{Ended, ExecEntry};
use crate::storage::{self, Instance};
use crate::{dry_run, vm, WeightInfo};
use crate::{
    CallOutcome, CodeIdOf, CodeInfoOf, Config, ContractInfoOf, CosmWasmConfig, Error, Event,
};
use crate::{InstanceCounter, Pallet};

/// Runs `entry` (`instantiate` or `execute`) of CosmWasm `contract`, then its messages.
pub(crate) fn call<T: Config>(
    outcome: &mut CallOutcome,
    meter: &mut Meter<T>,
    sender: &AccountId32,
    contract: &AccountId32,
    entry: CwEntry,
    funds: u128,
) -> DispatchResult {
    let mut dispatcher = Dispatcher::<T>::new(meter);
    let result = dispatcher.run(contract, sender, funds, entry);
    dispatcher.finish(outcome, result)
}

/// Moves `contract` to `new_code_hash` (if `sender` is its admin) and runs
/// `migrate` (as wasmd: unless both codes have the same migrate version).
pub(crate) fn migrate<T: Config>(
    outcome: &mut CallOutcome,
    meter: &mut Meter<T>,
    sender: &AccountId32,
    contract: &AccountId32,
    new_code_hash: H256,
    msg: Vec<u8>,
) -> DispatchResult {
    let mut dispatcher = Dispatcher::<T>::new(meter);
    let result = dispatcher.migrate(sender, contract, new_code_hash, msg);
    dispatcher.finish(outcome, result)
}

/// Runs `query` of CosmWasm `contract`; its answer is the outcome's return data.
pub(crate) fn query<T: Config>(
    outcome: &mut CallOutcome,
    meter: &mut Meter<T>,
    contract: &AccountId32,
    msg: Vec<u8>,
) -> DispatchResult {
    let mut dispatcher = Dispatcher::<T>::new(meter);
    let result = dispatcher
        .execute_entry(contract, contract, 0, CwEntry::Query(msg))
        .and_then(|status| match status {
            CwStatus::Data(data) => Ok(Some(data)),
            _ => Err(Failure::new(
                Error::<T>::VmFailure.into(),
                "query returned no data",
            )),
        });
    dispatcher.finish(outcome, result)
}

/// A failed entry point or message: the error for the extrinsic, the text
/// for `reply` and the dry run.
struct Failure {
    error: DispatchError,
    message: String,
    /// Fuel ran out: only the submessage whose `gas_limit` ran out may catch it.
    out_of_gas: bool,
    /// How the entry point ended, if one failed.
    status: Option<Status>,
}

impl Failure {
    fn new(error: DispatchError, message: impl Into<String>) -> Self {
        Self {
            error,
            message: message.into(),
            out_of_gas: false,
            status: None,
        }
    }

    /// A dispatch error, described by its name (as wasmd describes SDK errors).
    fn from_error(error: DispatchError) -> Self {
        let name = match error {
            DispatchError::Module(module) => module.message.unwrap_or("module error"),
            other => other.into(),
        };
        Self::new(error, name)
    }
}

/// What a message produced, for `reply`.
struct Dispatched {
    data: Option<Vec<u8>>,
    response: CwMsgResponse,
}

/// One top-level call's CosmWasm work: its gas, deposits, depth and events.
struct Dispatcher<'a, T> {
    /// The call's gas and storage deposits.
    meter: &'a mut Meter<T>,
    /// Nesting of entry points (the top-level one is 1).
    depth: u32,
    /// Every `wasm` event deposited, in order.
    events: Vec<CwEvent>,
    debug: Vec<Vec<u8>>,
    chain: CwChain,
}

impl<'a, T: Config> Dispatcher<'a, T> {
    fn new(meter: &'a mut Meter<T>) -> Self {
        let CosmWasmConfig { chain_id, denom } = T::CosmWasm::get();
        let ss58_prefix: u16 = <T as frame_system::Config>::SS58Prefix::get();
        Self {
            meter,
            depth: 0,
            events: Vec::new(),
            debug: Vec::new(),
            chain: CwChain {
                chain_id,
                denom,
                ss58_prefix,
                total_supply: T::Currency::total_issuance(),
            },
        }
    }

    fn out_of_gas() -> Failure {
        Failure {
            out_of_gas: true,
            status: Some(Status::Trap(TrapKind::OutOfGas)),
            ..Failure::new(Error::<T>::OutOfGas.into(), "out of gas")
        }
    }

    /// Charges the pallet's own work for a message, before it is done.
    fn charge(&mut self, weight: Weight) -> Result<(), Failure> {
        self.meter
            .gas
            .charge(weight)
            .map_err(|OutOfGas| Self::out_of_gas())
    }

    /// Runs one entry point on the node and applies its funds transfer.
    fn execute_entry(
        &mut self,
        contract: &AccountId32,
        sender: &AccountId32,
        funds: u128,
        entry: CwEntry,
    ) -> Result<CwStatus, Failure> {
        let address: [u8; 32] = contract.clone().into();
        let info = ContractInfoOf::<T>::get(address)
            .ok_or_else(|| Failure::from_error(Error::<T>::ContractNotFound.into()))?;
        if info.abi != Abi::CosmWasm {
            return Err(Failure::from_error(Error::<T>::NotCosmWasm.into()));
        }
        let transaction_index = dry_run::transaction_index::<T>(matches!(entry, CwEntry::Query(_)));
        let entry = ExecEntry::CosmWasm {
            entry,
            chain: self.chain.clone(),
            transaction_index,
        };
        let request = vm::request::<T>(contract, sender, funds, entry, &self.meter.gas);
        let executed = vm::execute::<T>(request)
            .ok_or_else(|| Failure::from_error(Error::<T>::VmFailure.into()))?;
        // Recording the storage it changed (for deposits) is the pallet's work.
        let exhausted = self.meter.gas.record(&executed).is_err()
            || self
                .meter
                .gas
                .charge(storage::storage_change_weight::<T>(executed.storage.len()))
                .is_err();
        let outcome = match executed.result {
            Ok(Ended::CosmWasm(outcome)) => outcome,
            Ok(Ended::Native(_)) => return Err(Failure::from_error(Error::<T>::VmFailure.into())),
            Err(error) => return Err(Failure::from_error(vm_error::<T>(error))),
        };
        self.debug
            .extend(outcome.debug.into_iter().map(String::into_bytes));
        if exhausted {
            return Err(Self::out_of_gas());
        }
        match outcome.status {
            CwStatus::Err(message) => Err(Failure {
                status: Some(Status::Revert(1)),
                ..Failure::new(Error::<T>::ContractFailed.into(), message)
            }),
            CwStatus::Trap(TrapKind::OutOfGas) => Err(Self::out_of_gas()),
            CwStatus::Trap(kind) => Err(Failure {
                status: Some(Status::Trap(kind)),
                ..Failure::new(
                    Error::<T>::ContractTrapped(kind.into()).into(),
                    format!("contract trapped: {kind}"),
                )
            }),
            status => {
                storage::apply_effects::<T>(&mut self.meter.deposits, &executed.effects)
                    .map_err(Failure::from_error)?;
                self.meter.deposits.record(&executed.storage);
                Ok(status)
            }
        }
    }

    /// Runs a state-changing entry point, then its response's messages;
    /// returns the call's data (a reply may replace the response's).
    fn run(
        &mut self,
        contract: &AccountId32,
        sender: &AccountId32,
        funds: u128,
        entry: CwEntry,
    ) -> Result<Option<Vec<u8>>, Failure> {
        if self.depth >= T::Limits::get().execution.max_call_depth {
            return Err(Failure::from_error(Error::<T>::CallDepthExceeded.into()));
        }
        self.depth += 1;
        let result = match self.execute_entry(contract, sender, funds, entry) {
            Ok(CwStatus::Ok(response)) => self.handle_response(contract, response),
            Ok(_) => Err(Failure::new(
                Error::<T>::VmFailure.into(),
                "entry point returned no response",
            )),
            Err(failure) => Err(failure),
        };
        self.depth -= 1;
        result
    }

    /// Deposits the response's events and runs its messages in order.
    fn handle_response(
        &mut self,
        contract: &AccountId32,
        response: CwResponse,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let CwResponse {
            messages,
            attributes,
            events,
            mut data,
        } = response;
        if !attributes.is_empty() {
            self.deposit(contract, "wasm".into(), attributes);
        }
        for event in events {
            self.deposit(contract, format!("wasm-{}", event.ty), event.attributes);
        }
        for sub in messages {
            if let Some(reply_data) = self.run_submessage(contract, sub)? {
                data = Some(reply_data);
            }
        }
        Ok(data)
    }

    /// Runs one submessage atomically and its `reply` if asked; returns the reply's data.
    fn run_submessage(
        &mut self,
        contract: &AccountId32,
        sub: CwSubMsg,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let events_before = self.events.len();
        let fuel_before = self.meter.gas.fuel_used();
        let nested = self.meter.enter(sub.gas_limit);
        let result = with_transaction(|| match self.dispatch(contract, sub.msg.clone()) {
            Ok(dispatched) => TransactionOutcome::Commit(Ok(Ok(dispatched))),
            Err(failure) => TransactionOutcome::Rollback(Ok(Err(failure))),
        })
        .unwrap_or_else(|error: DispatchError| Err(Failure::from_error(error)));
        self.meter.exit(nested, result.is_ok());
        let result = match result {
            Ok(dispatched) => Ok(CwSubMsgResponse {
                events: self.events[events_before..].to_vec(),
                data: dispatched.data,
                msg_responses: vec![dispatched.response],
            }),
            Err(failure) => {
                // A rolled-back message leaves no events (nor deposits) behind.
                self.events.truncate(events_before);
                let catchable = !failure.out_of_gas || sub.gas_limit.is_some();
                if !catchable || !sub.reply_on.replies_to(false) {
                    return Err(failure);
                }
                Err(failure.message)
            }
        };
        if !sub.reply_on.replies_to(result.is_ok()) {
            return Ok(None);
        }
        let reply = CwReply {
            id: sub.id,
            payload: sub.payload,
            gas_used: self.meter.gas.fuel_used() - fuel_before,
            result,
        };
        self.run(contract, contract, 0, CwEntry::Reply(reply))
    }

    /// Carries out one message sent by `sender`.
    fn dispatch(&mut self, sender: &AccountId32, msg: CwMsg) -> Result<Dispatched, Failure> {
        let account = |address: [u8; 32]| AccountId32::new(address);
        match msg {
            CwMsg::BankSend { to, amount } => {
                let transfer = T::Schedule::get().transfer.of(0);
                self.charge(Weight::from_parts(
                    transfer.saturating_mul(T::RefTimePerFuel::get()),
                    0,
                ))?;
                T::Currency::transfer(sender, &account(to), amount, Preservation::Preserve)
                    .map_err(|_| Failure::from_error(transfer_error::<T>(sender, amount)))?;
                Ok(Dispatched {
                    data: None,
                    response: msg_response("/cosmos.bank.v1beta1.MsgSendResponse", Vec::new()),
                })
            }
            CwMsg::Execute {
                contract,
                msg,
                funds,
            } => {
                let data = self.run(&account(contract), sender, funds, CwEntry::Execute(msg))?;
                Ok(data_response(
                    "/cosmwasm.wasm.v1.MsgExecuteContractResponse",
                    data,
                ))
            }
            CwMsg::Instantiate {
                admin,
                code_id,
                msg,
                funds,
                label,
                salt,
            } => {
                let not_found = || Failure::from_error(Error::<T>::CodeNotFound.into());
                let code_hash = CodeIdOf::<T>::get(code_id).ok_or_else(not_found)?;
                let checksum = CodeInfoOf::<T>::get(code_hash)
                    .ok_or_else(not_found)?
                    .checksum;
                self.charge(storage::create_contract_weight::<T>())?;
                let (type_url, contract, salt) = match salt {
                    // wasmd's address: the code's checksum, the creator and the salt.
                    Some(salt) => {
                        let contract = storage::instantiate2_address(&checksum, sender, &salt)
                            .ok_or_else(|| Failure::from_error(Error::<T>::InvalidSalt.into()))?;
                        (
                            "/cosmwasm.wasm.v1.MsgInstantiateContract2Response",
                            contract,
                            salt,
                        )
                    }
                    // This pallet's: the creator, the code and a counter.
                    None => {
                        let instance = InstanceCounter::<T>::mutate(|n| {
                            *n += 1;
                            *n
                        });
                        let salt =
                            [b"cosmwasm/instance".as_slice(), &instance.to_le_bytes()].concat();
                        let contract = Pallet::<T>::contract_address(sender, &code_hash, &salt);
                        (
                            "/cosmwasm.wasm.v1.MsgInstantiateContractResponse",
                            contract,
                            salt,
                        )
                    }
                };
                let instance = Instance {
                    salt,
                    admin: admin.map(account),
                    label: label.into_bytes(),
                };
                let abi = storage::create_contract::<T>(
                    &mut self.meter.deposits,
                    sender,
                    &contract,
                    code_hash,
                    &instance,
                )
                .map_err(Failure::from_error)?;
                if abi != Abi::CosmWasm {
                    return Err(Failure::from_error(Error::<T>::NotCosmWasm.into()));
                }
                let data = self.run(&contract, sender, funds, CwEntry::Instantiate(msg))?;
                let address = self.human(&contract);
                let mut value = proto_field(1, address.as_bytes());
                value.extend(data.as_deref().map_or_else(Vec::new, |d| proto_field(2, d)));
                Ok(Dispatched {
                    data: Some(value.clone()),
                    response: msg_response(type_url, value),
                })
            }
            CwMsg::Migrate {
                contract,
                new_code_id,
                msg,
            } => {
                let code_hash = CodeIdOf::<T>::get(new_code_id)
                    .ok_or_else(|| Failure::from_error(Error::<T>::CodeNotFound.into()))?;
                // The `migrate` extrinsic's weight covers the switch; a message pays for it.
                self.charge(storage::switch_code_weight::<T>())?;
                let data = self.migrate(sender, &account(contract), code_hash, msg)?;
                Ok(data_response(
                    "/cosmwasm.wasm.v1.MsgMigrateContractResponse",
                    data,
                ))
            }
            CwMsg::UpdateAdmin { contract, admin } => {
                self.charge(T::WeightInfo::update_admin())?;
                storage::set_admin::<T>(sender, &account(contract), Some(account(admin)))
                    .map_err(Failure::from_error)?;
                Ok(data_response(
                    "/cosmwasm.wasm.v1.MsgUpdateAdminResponse",
                    None,
                ))
            }
            CwMsg::ClearAdmin { contract } => {
                self.charge(T::WeightInfo::clear_admin())?;
                storage::set_admin::<T>(sender, &account(contract), None)
                    .map_err(Failure::from_error)?;
                Ok(data_response(
                    "/cosmwasm.wasm.v1.MsgClearAdminResponse",
                    None,
                ))
            }
            CwMsg::Rejected(reason) => {
                Err(Failure::new(Error::<T>::UnsupportedMessage.into(), reason))
            }
        }
    }

    /// Switches `contract` to `code_hash` (checking `sender` is its admin)
    /// and runs `migrate`, unless both codes have the same migrate version.
    fn migrate(
        &mut self,
        sender: &AccountId32,
        contract: &AccountId32,
        code_hash: H256,
        msg: Vec<u8>,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let versions =
            storage::switch_code::<T>(sender, contract, code_hash).map_err(Failure::from_error)?;
        let data = match versions.call_migrate() {
            true => {
                let entry = CwEntry::Migrate {
                    msg,
                    old_migrate_version: versions.old,
                };
                self.run(contract, sender, 0, entry)?
            }
            // wasmd's rule: the same migrate version needs no migration.
            false => None,
        };
        Pallet::<T>::deposit_event(Event::Migrated {
            contract: contract.clone(),
            code_hash,
        });
        Ok(data)
    }

    /// The SS58 form of `account` with this chain's prefix.
    fn human(&self, account: &AccountId32) -> String {
        account.to_ss58check_with_version(Ss58AddressFormat::custom(self.chain.ss58_prefix))
    }

    /// Deposits a `wasm` event of `contract` and keeps it for replies and the outcome.
    fn deposit(
        &mut self,
        contract: &AccountId32,
        ty: String,
        attributes: Vec<runtime_vm_primitives::CwAttribute>,
    ) {
        let mut all = vec![runtime_vm_primitives::CwAttribute {
            key: "_contract_address".into(),
            value: self.human(contract),
        }];
        all.extend(attributes);
        Pallet::<T>::deposit_event(Event::WasmEvent {
            contract: contract.clone(),
            ty: ty.clone().into_bytes(),
            attributes: all
                .iter()
                .map(|a| (a.key.clone().into_bytes(), a.value.clone().into_bytes()))
                .collect(),
        });
        self.events.push(CwEvent {
            ty,
            attributes: all,
        });
    }

    /// Fills the call's outcome and turns a failure into its dispatch error.
    fn finish(
        self,
        outcome: &mut CallOutcome,
        result: Result<Option<Vec<u8>>, Failure>,
    ) -> DispatchResult {
        let out_of_gas = matches!(&result, Err(failure) if failure.out_of_gas);
        self.meter.gas.report(outcome, out_of_gas);
        outcome.debug = self.debug;
        match result {
            Ok(data) => {
                outcome.status = Some(Status::Success);
                outcome.return_data = data.unwrap_or_default();
                outcome.wasm_events = self.events;
                Ok(())
            }
            Err(failure) => {
                outcome.status = failure.status;
                outcome.return_data = failure.message.into_bytes();
                Err(failure.error)
            }
        }
    }
}

/// Why a `BankMsg::Send` failed: the payer's balance, or the chain's rules.
fn transfer_error<T: Config>(payer: &AccountId32, amount: u128) -> DispatchError {
    if T::Currency::reducible_balance(
        payer,
        Preservation::Preserve,
        frame_support::traits::tokens::Fortitude::Polite,
    ) < amount
    {
        Error::<T>::InsufficientBalance.into()
    } else {
        Error::<T>::TransferFailed.into()
    }
}

fn msg_response(type_url: &str, value: Vec<u8>) -> CwMsgResponse {
    CwMsgResponse {
        type_url: type_url.to_string(),
        value,
    }
}

/// A `Msg*Response` whose only field is `bytes data = 1`.
fn data_response(type_url: &str, data: Option<Vec<u8>>) -> Dispatched {
    let value = data.as_deref().map_or_else(Vec::new, |d| proto_field(1, d));
    Dispatched {
        data: (!value.is_empty()).then(|| value.clone()),
        response: msg_response(type_url, value),
    }
}

/// A protobuf length-delimited field (`bytes` or `string`).
fn proto_field(number: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![(number << 3) | 2];
    let mut len = bytes.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(bytes);
    out
}
