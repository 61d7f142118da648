//! `query_chain`: a contract's queries to the chain, answered as wasmd does.
//!
//! Bank queries see the native denom only (any other denom has a zero
//! balance and supply). Wasm queries reach other contracts: a smart query
//! runs the target's `query` entry point in a read-only frame of its own,
//! paid from the querying frame's fuel. Every other query is answered with
//! `SystemError::UnsupportedRequest` naming its kind.

use cosmwasm_std::{
    to_json_vec, AllBalanceResponse, BalanceResponse, BankQuery, Binary, Checksum,
    CodeInfoResponse, ContractInfoResponse, ContractResult, Empty, QueryRequest, SupplyResponse,
    SystemError, SystemResult, WasmQuery,
};

use super::imports::Ctx;
use super::messages::CwContext;
use super::status;
use crate::context::HostResult;
use crate::fault::HostFault;
use crate::frame;
use crate::gas::{self, charge_fuel};
use crate::imports::{fatal, host, trap};
use crate::{CwEntry, CwStatus, Error, TrapKind};

type QueryResult = SystemResult<ContractResult<Binary>>;

fn ok(value: &impl serde::Serialize) -> QueryResult {
    match to_json_vec(value) {
        Ok(bytes) => SystemResult::Ok(ContractResult::Ok(Binary::new(bytes))),
        Err(e) => SystemResult::Err(SystemError::InvalidResponse {
            error: e.to_string(),
            response: Binary::default(),
        }),
    }
}

fn unsupported(kind: &str) -> QueryResult {
    SystemResult::Err(SystemError::UnsupportedRequest { kind: kind.into() })
}

/// Answers the JSON `QueryRequest` in `request`; returns the JSON `SystemResult`.
pub(super) fn query(ctx: &mut Ctx<'_>, request: &[u8]) -> HostResult<Vec<u8>> {
    let context = ctx.data().frame.abi.clone();
    let result = match super::messages::from_json::<QueryRequest<Empty>>(request) {
        Ok(request) => answer(ctx, &context, request)?,
        Err(error) => SystemResult::Err(SystemError::InvalidRequest {
            error,
            request: Binary::new(request.to_vec()),
        }),
    };
    to_json_vec(&result).map_err(|e| fatal(Error::Internal(e.to_string())))
}

#[allow(deprecated)] // `AllBalances` is deprecated in cosmwasm-std 2 and still answered.
fn answer(
    ctx: &mut Ctx<'_>,
    context: &CwContext,
    request: QueryRequest<Empty>,
) -> HostResult<QueryResult> {
    let native_balance = |ctx: &mut Ctx<'_>, human: &str| -> HostResult<Result<u128, String>> {
        let account = match context.account(human) {
            Ok(account) => account,
            Err(error) => return Ok(Err(error)),
        };
        let cost = ctx.data().vm.schedule.balance;
        gas::charge(ctx, cost, 0)?;
        Ok(Ok(host(|h| h.balance(&account))?))
    };
    Ok(match request {
        QueryRequest::Bank(BankQuery::Balance { address, denom }) => {
            match native_balance(ctx, &address)? {
                Err(error) => SystemResult::Ok(ContractResult::Err(error)),
                Ok(amount) => {
                    let amount = if denom == context.chain.denom {
                        amount
                    } else {
                        0
                    };
                    ok(&BalanceResponse::new(cosmwasm_std::Coin::new(
                        amount, denom,
                    )))
                }
            }
        }
        QueryRequest::Bank(BankQuery::AllBalances { address }) => {
            match native_balance(ctx, &address)? {
                Err(error) => SystemResult::Ok(ContractResult::Err(error)),
                Ok(amount) => ok(&AllBalanceResponse::new(context.coins(amount))),
            }
        }
        QueryRequest::Bank(BankQuery::Supply { denom }) => {
            let supply = if denom == context.chain.denom {
                context.chain.total_supply
            } else {
                0
            };
            ok(&SupplyResponse::new(cosmwasm_std::Coin::new(supply, denom)))
        }
        QueryRequest::Bank(_) => unsupported("bank metadata"),
        QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
            match context.account(&contract_addr) {
                Ok(contract) => smart_query(ctx, contract, &contract_addr, msg.to_vec())?,
                Err(_) => no_such_contract(contract_addr),
            }
        }
        QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key }) => {
            match context.account(&contract_addr) {
                Ok(contract) => {
                    let cost = ctx.data().vm.schedule.storage_read;
                    gas::charge(ctx, cost, key.len())?;
                    // No stored key is longer than the limit: nothing to look up.
                    let max_key = ctx.data().vm.limits.execution.max_storage_key_len as usize;
                    let value = match key.len() <= max_key {
                        true => host(|h| h.storage_read(&contract, &key))?.unwrap_or_default(),
                        false => Vec::new(),
                    };
                    gas::charge_per_byte(ctx, cost, value.len())?;
                    SystemResult::Ok(ContractResult::Ok(Binary::new(value)))
                }
                Err(_) => no_such_contract(contract_addr),
            }
        }
        QueryRequest::Wasm(WasmQuery::ContractInfo { contract_addr }) => {
            let meta = match context.account(&contract_addr) {
                Ok(contract) => host(|h| h.contract_meta(&contract))?,
                Err(_) => None,
            };
            match meta {
                Some(meta) => ok(&ContractInfoResponse::new(
                    meta.code_id,
                    context.human(&meta.creator),
                    meta.admin.map(|admin| context.human(&admin)),
                    false,
                    None,
                )),
                None => no_such_contract(contract_addr),
            }
        }
        QueryRequest::Wasm(WasmQuery::CodeInfo { code_id }) => {
            match host(|h| h.code_meta(code_id))? {
                Some(meta) => ok(&CodeInfoResponse::new(
                    code_id,
                    context.human(&meta.creator),
                    Checksum::from(meta.checksum),
                )),
                None => SystemResult::Err(SystemError::NoSuchCode { code_id }),
            }
        }
        QueryRequest::Custom(_) => unsupported("custom"),
        QueryRequest::Staking(_) => unsupported("staking"),
        QueryRequest::Distribution(_) => unsupported("distribution"),
        QueryRequest::Stargate { .. } => unsupported("stargate"),
        QueryRequest::Grpc(_) => unsupported("grpc"),
        QueryRequest::Ibc(_) => unsupported("ibc"),
        _ => unsupported("unknown"),
    })
}

fn no_such_contract(addr: String) -> QueryResult {
    SystemResult::Err(SystemError::NoSuchContract { addr })
}

/// Runs `contract`'s `query` with `msg` in a read-only frame paid from this one.
fn smart_query(
    ctx: &mut Ctx<'_>,
    contract: crate::Address,
    human: &str,
    msg: Vec<u8>,
) -> HostResult<QueryResult> {
    let max_depth = ctx.data().vm.limits.execution.max_call_depth as usize;
    if ctx.data().frame.call_stack.len() >= max_depth {
        return Ok(SystemResult::Ok(ContractResult::Err(
            "query depth limit exceeded".into(),
        )));
    }
    let budget = gas::left(ctx);
    let entry = CwEntry::Query(msg);
    let result = match frame::run_child(ctx, contract, 0, true, &entry, budget) {
        Ok(result) => result,
        Err(failure) => {
            charge_fuel(ctx, failure.gas_used)?;
            return match failure.error {
                Error::ContractNotFound => Ok(no_such_contract(human.into())),
                error => Err(fatal(error)),
            };
        }
    };
    charge_fuel(ctx, result.gas_used)?;
    let status = status(&result);
    ctx.data_mut().debug.extend(result.debug);
    Ok(match status {
        CwStatus::Data(data) => SystemResult::Ok(ContractResult::Ok(Binary::new(data))),
        CwStatus::Err(error) => SystemResult::Ok(ContractResult::Err(error)),
        CwStatus::Trap(TrapKind::OutOfGas) => {
            return Err(trap(HostFault::Trap(TrapKind::OutOfGas)))
        }
        CwStatus::Trap(kind) => SystemResult::Ok(ContractResult::Err(format!(
            "query of {human} failed: {kind}"
        ))),
        CwStatus::Ok(_) => SystemResult::Ok(ContractResult::Err(format!(
            "query of {human} returned a response instead of data"
        ))),
    })
}
