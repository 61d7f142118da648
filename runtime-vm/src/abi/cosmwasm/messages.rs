//! The JSON a CosmWasm contract reads and writes, built and parsed with
//! `cosmwasm-std`'s own types, and its conversion to and from the chain's
//! plain types ([`CwResponse`], [`CwReply`], ...).

use cosmwasm_std::{
    to_json_vec, Addr, Attribute, BankMsg, Binary, BlockInfo, Coin, ContractInfo, ContractResult,
    CosmosMsg, Empty, Env, Event, MessageInfo, MigrateInfo, MsgResponse, Reply, ReplyOn, Response,
    SubMsg, SubMsgResponse, SubMsgResult, Timestamp, TransactionInfo, WasmMsg,
};
use serde::Serialize;

use super::address;
use super::CosmWasm;
use crate::context::FrameContext;
use crate::{Address, Balance, Error};
use crate::{
    CwAttribute, CwChain, CwEvent, CwMsg, CwReply, CwReplyOn, CwResponse, CwStatus, CwSubMsg,
};

/// What every CosmWasm frame of one execution shares: the chain's identity.
#[derive(Clone, Debug)]
pub(crate) struct CwContext {
    /// Chain id, denom, SS58 prefix, supply.
    pub chain: CwChain,
    /// `Env.transaction.index`, if the execution is part of a transaction.
    pub transaction_index: Option<u32>,
}

/// Parses JSON exactly as `cosmwasm_std::from_json` does (its parser, its
/// error text), without building a `StdError`: that captures a backtrace
/// when the node runs with `RUST_BACKTRACE` set, and a contract can make the
/// host parse in a loop (`query_chain`), so its cost would depend on the
/// node's environment.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json_wasm::from_slice(bytes).map_err(|e| {
        let target = std::any::type_name::<T>();
        format!("Error parsing into type {target}: {e}")
    })
}

/// Where a number in `Env`'s JSON is widened to a fixed width, so the JSON
/// has one length whatever the block and the transaction index are.
#[derive(Clone, Copy)]
enum Widen {
    /// Spaces after the digits (JSON allows whitespace after a value).
    SpacesAfter,
    /// Zeros before the digits, inside the string (`Uint64` parses them).
    ZerosBefore,
}

/// `Env`'s numbers, each after its key: how it is widened and to how many
/// characters (the digits of `u64::MAX` or `u32::MAX`). Every key ends in
/// `:` or `:"` unescaped, so none can match inside a string value (the
/// chain id's quotes are escaped).
const FIXED_WIDTH: [(&[u8], Widen, usize); 3] = [
    (br#""height":"#, Widen::SpacesAfter, 20),
    (br#""time":""#, Widen::ZerosBefore, 20),
    (br#""transaction":{"index":"#, Widen::SpacesAfter, 10),
];

/// `env` with each number of [`FIXED_WIDTH`] widened to its width, in one
/// pass: the keys come in `Env`'s field order.
fn widen_numbers(mut env: Vec<u8>) -> Vec<u8> {
    let mut from = 0;
    for (key, widen, width) in FIXED_WIDTH {
        let Some(start) = env[from..].windows(key.len()).position(|w| w == key) else {
            continue;
        };
        let digits_at = from + start + key.len();
        let digits = env[digits_at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let padding = width.saturating_sub(digits);
        let (at, fill) = match widen {
            Widen::SpacesAfter => (digits_at + digits, b' '),
            Widen::ZerosBefore => (digits_at, b'0'),
        };
        env.splice(at..at, core::iter::repeat_n(fill, padding));
        from = digits_at + digits + padding;
    }
    env
}

fn json(value: &impl Serialize) -> Result<Vec<u8>, Error> {
    to_json_vec(value).map_err(|e| Error::Internal(format!("serializing a CosmWasm message: {e}")))
}

impl CwContext {
    /// The human (SS58) form of `account`, an account the chain hands the
    /// contract (see [`address::humanize_kept`]).
    pub(crate) fn human(&self, account: &Address) -> Addr {
        Addr::unchecked(address::humanize_kept(account, self.chain.ss58_prefix))
    }

    /// The account behind a human address.
    pub(crate) fn account(&self, human: &str) -> Result<Address, String> {
        address::canonicalize(human, self.chain.ss58_prefix)
            .map_err(|e| format!("invalid address `{}`: {e}", address::quoted(human)))
    }

    /// `amount` of the native denom as coins (none for zero, as the bank reports it).
    pub(crate) fn coins(&self, amount: Balance) -> Vec<Coin> {
        if amount == 0 {
            return Vec::new();
        }
        vec![self.coin(amount)]
    }

    /// `amount` of the native denom.
    pub(crate) fn coin(&self, amount: Balance) -> Coin {
        Coin::new(amount, self.chain.denom.clone())
    }

    /// The native amount in `coins`; another denom is an error naming it.
    fn native_amount(&self, coins: &[Coin]) -> Result<Balance, String> {
        coins.iter().try_fold(0u128, |sum, coin| {
            if coin.denom != self.chain.denom {
                return Err(format!(
                    "denom `{}` is not supported: the native denom is `{}`",
                    coin.denom, self.chain.denom
                ));
            }
            sum.checked_add(coin.amount.u128())
                .ok_or_else(|| "funds overflow".to_string())
        })
    }

    /// `Env` for a frame of the contract `frame.address`.
    ///
    /// Its numbers are written at fixed widths ([`FIXED_WIDTH`]), so the
    /// JSON's length, and with it every allocation a contract makes for it,
    /// is the same in every block and at every index: a contract's fuel then
    /// does not vary with the time and varies with the height's and the
    /// index's digits only as its parser's per-character cost does,
    /// linearly, which a dry run's two rehearsals cover.
    pub(crate) fn env(&self, frame: &FrameContext<CosmWasm>) -> Result<Vec<u8>, Error> {
        let env = json(&Env {
            block: BlockInfo {
                height: frame.block.number,
                time: Timestamp::from_nanos(frame.block.timestamp.saturating_mul(1_000_000)),
                chain_id: self.chain.chain_id.clone(),
            },
            transaction: self
                .transaction_index
                .map(|index| TransactionInfo { index }),
            contract: ContractInfo {
                address: self.human(&frame.address),
            },
        })?;
        Ok(widen_numbers(env))
    }

    /// `MessageInfo`: the frame's caller and the value it sent.
    pub(crate) fn message_info(&self, frame: &FrameContext<CosmWasm>) -> Result<Vec<u8>, Error> {
        json(&MessageInfo {
            sender: self.human(&frame.caller),
            funds: self.coins(frame.value),
        })
    }

    /// `MigrateInfo` for the three-argument `migrate`.
    pub(crate) fn migrate_info(
        &self,
        frame: &FrameContext<CosmWasm>,
        old_migrate_version: Option<u64>,
    ) -> Result<Vec<u8>, Error> {
        json(&MigrateInfo {
            sender: self.human(&frame.caller),
            old_migrate_version,
        })
    }

    /// The `Reply` message for `reply`.
    pub(crate) fn reply(&self, reply: &CwReply) -> Result<Vec<u8>, Error> {
        let result = match &reply.result {
            Err(error) => SubMsgResult::Err(error.clone()),
            #[allow(deprecated)] // `data` is deprecated, and still filled as wasmd does.
            Ok(response) => SubMsgResult::Ok(SubMsgResponse {
                events: response.events.iter().map(event_to_json).collect(),
                data: response.data.clone().map(Binary::new),
                msg_responses: response
                    .msg_responses
                    .iter()
                    .map(|r| MsgResponse {
                        type_url: r.type_url.clone(),
                        value: Binary::new(r.value.clone()),
                    })
                    .collect(),
            }),
        };
        json(&Reply {
            id: reply.id,
            payload: Binary::new(reply.payload.clone()),
            gas_used: reply.gas_used,
            result,
        })
    }

    /// Parses what `instantiate`, `execute`, `migrate`, `sudo` or `reply` returned.
    pub(crate) fn response(&self, bytes: &[u8]) -> Option<CwStatus> {
        Some(
            match from_json::<ContractResult<Response<Empty>>>(bytes).ok()? {
                ContractResult::Ok(response) => CwStatus::Ok(self.convert_response(response)),
                ContractResult::Err(error) => CwStatus::Err(error),
            },
        )
    }

    /// Parses a successful response [`Self::response`] refused because a
    /// message is of a kind the host's cosmwasm-std 2 types do not know
    /// (cosmwasm-std 3's `ibc2`, or any other): each such message becomes
    /// one the chain refuses by its kind's name when its turn comes, as
    /// wasmd refuses a message no module handles, and the rest run. Parsed
    /// with serde_json; `None` if the response is not well formed even so.
    pub(crate) fn response_with_unknown_messages(&self, bytes: &[u8]) -> Option<CwStatus> {
        let mut result: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let ok = result.get_mut("ok")?;
        let mut unknown = Vec::new();
        for (index, sub) in ok
            .get_mut("messages")?
            .as_array_mut()?
            .iter_mut()
            .enumerate()
        {
            let msg = sub.get_mut("msg")?;
            if serde_json::from_value::<CosmosMsg<Empty>>(msg.clone()).is_ok() {
                continue;
            }
            let kind = msg.as_object()?.keys().next()?.clone();
            unknown.push((index, kind));
            // A stand-in this chain refuses anyway, replaced below.
            *msg = serde_json::json!({"custom": {}});
        }
        let response = serde_json::from_value::<Response<Empty>>(ok.take()).ok()?;
        let mut response = self.convert_response(response);
        for (index, kind) in unknown {
            let reason = format!("`{kind}` messages are not supported by this chain");
            response.messages[index].msg = CwMsg::Rejected(reason);
        }
        Some(CwStatus::Ok(response))
    }

    /// Parses what `query` returned.
    pub(crate) fn query_result(bytes: &[u8]) -> Option<CwStatus> {
        Some(match from_json::<ContractResult<Binary>>(bytes).ok()? {
            ContractResult::Ok(data) => CwStatus::Data(data.to_vec()),
            ContractResult::Err(error) => CwStatus::Err(error),
        })
    }

    fn convert_response(&self, response: Response<Empty>) -> CwResponse {
        CwResponse {
            messages: response
                .messages
                .into_iter()
                .map(|sub| self.convert_submsg(sub))
                .collect(),
            attributes: response.attributes.into_iter().map(attribute).collect(),
            events: response
                .events
                .into_iter()
                .map(|e| CwEvent {
                    ty: e.ty,
                    attributes: e.attributes.into_iter().map(attribute).collect(),
                })
                .collect(),
            data: response.data.map(|d| d.to_vec()),
        }
    }

    fn convert_submsg(&self, sub: SubMsg<Empty>) -> CwSubMsg {
        CwSubMsg {
            id: sub.id,
            payload: sub.payload.to_vec(),
            msg: self.convert_msg(sub.msg).unwrap_or_else(CwMsg::Rejected),
            gas_limit: sub.gas_limit,
            reply_on: match sub.reply_on {
                ReplyOn::Always => CwReplyOn::Always,
                ReplyOn::Error => CwReplyOn::Error,
                ReplyOn::Success => CwReplyOn::Success,
                ReplyOn::Never => CwReplyOn::Never,
            },
        }
    }

    /// `WasmMsg::Instantiate` (no salt) or `Instantiate2`, converted.
    fn instantiate(
        &self,
        admin: Option<String>,
        code_id: u64,
        msg: Binary,
        funds: &[Coin],
        label: String,
        salt: Option<Binary>,
    ) -> Result<CwMsg, String> {
        Ok(CwMsg::Instantiate {
            admin: admin.map(|h| self.account(&h)).transpose()?,
            code_id,
            msg: msg.to_vec(),
            funds: self.native_amount(funds)?,
            label,
            salt: salt.map(|s| s.to_vec()),
        })
    }

    /// The chain's form of `msg`, or why the chain cannot carry it out.
    #[allow(deprecated)] // `CosmosMsg::Stargate` is deprecated, and still a message to refuse by name.
    fn convert_msg(&self, msg: CosmosMsg<Empty>) -> Result<CwMsg, String> {
        Ok(match msg {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => CwMsg::BankSend {
                to: self.account(&to_address)?,
                amount: self.native_amount(&amount)?,
            },
            CosmosMsg::Bank(BankMsg::Burn { .. }) => {
                return Err("BankMsg::Burn is not supported by this chain".into())
            }
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => CwMsg::Execute {
                contract: self.account(&contract_addr)?,
                msg: msg.to_vec(),
                funds: self.native_amount(&funds)?,
            },
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                admin,
                code_id,
                msg,
                funds,
                label,
            }) => self.instantiate(admin, code_id, msg, &funds, label, None)?,
            CosmosMsg::Wasm(WasmMsg::Instantiate2 {
                admin,
                code_id,
                label,
                msg,
                funds,
                salt,
            }) => self.instantiate(admin, code_id, msg, &funds, label, Some(salt))?,
            CosmosMsg::Wasm(WasmMsg::Migrate {
                contract_addr,
                new_code_id,
                msg,
            }) => CwMsg::Migrate {
                contract: self.account(&contract_addr)?,
                new_code_id,
                msg: msg.to_vec(),
            },
            CosmosMsg::Wasm(WasmMsg::UpdateAdmin {
                contract_addr,
                admin,
            }) => CwMsg::UpdateAdmin {
                contract: self.account(&contract_addr)?,
                admin: self.account(&admin)?,
            },
            CosmosMsg::Wasm(WasmMsg::ClearAdmin { contract_addr }) => CwMsg::ClearAdmin {
                contract: self.account(&contract_addr)?,
            },
            CosmosMsg::Custom(_) => return Err(unsupported("custom")),
            CosmosMsg::Staking(_) => return Err(unsupported("staking")),
            CosmosMsg::Distribution(_) => return Err(unsupported("distribution")),
            CosmosMsg::Stargate { .. } => return Err(unsupported("stargate")),
            CosmosMsg::Any(_) => return Err(unsupported("any")),
            CosmosMsg::Ibc(_) => return Err(unsupported("ibc")),
            CosmosMsg::Gov(_) => return Err(unsupported("gov")),
            _ => return Err(unsupported("this kind of")),
        })
    }
}

fn unsupported(kind: &str) -> String {
    format!("{kind} messages are not supported by this chain")
}

fn attribute(attribute: Attribute) -> CwAttribute {
    CwAttribute {
        key: attribute.key,
        value: attribute.value,
    }
}

fn event_to_json(event: &CwEvent) -> Event {
    Event::new(event.ty.clone()).add_attributes(
        event
            .attributes
            .iter()
            .map(|a| Attribute::new(a.key.clone(), a.value.clone())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_at(height: u64, nanos: u64, index: u32) -> Vec<u8> {
        json(&Env {
            block: BlockInfo {
                height,
                time: Timestamp::from_nanos(nanos),
                chain_id: r#"a "height":1 "transaction":{"index":1} chain"#.into(),
            },
            transaction: Some(TransactionInfo { index }),
            contract: ContractInfo {
                address: Addr::unchecked("x"),
            },
        })
        .map(widen_numbers)
        .unwrap()
    }

    #[test]
    fn env_takes_the_same_room_in_every_block_and_at_every_index() {
        let numbers = [0, 1, 9, 10, 12_345, u64::from(u32::MAX), u64::MAX];
        let lengths: Vec<usize> = numbers
            .iter()
            .flat_map(|n| {
                let index = u32::try_from(*n).unwrap_or(u32::MAX);
                [env_at(*n, 1, 1), env_at(1, *n, 1), env_at(1, 1, index)]
            })
            .map(|env| env.len())
            .collect();
        assert!(lengths.iter().all(|len| *len == lengths[0]), "{lengths:?}");
        let widened = String::from_utf8(env_at(7, 1_733_000_000_000_000_000, 42)).unwrap();
        for expected in [
            r#""height":7                   ,"#,
            r#""time":"01733000000000000000","#,
            r#""transaction":{"index":42        }"#,
        ] {
            assert!(widened.contains(expected), "{widened}");
        }
        // The escaped look-alikes in the chain id are left alone, and the
        // widened JSON parses to the same `Env`.
        let parsed: Env = from_json(widened.as_bytes()).unwrap();
        assert_eq!(parsed.block.height, 7);
        assert_eq!(parsed.block.time.nanos(), 1_733_000_000_000_000_000);
        assert_eq!(parsed.transaction, Some(TransactionInfo { index: 42 }));
        assert_eq!(
            parsed.block.chain_id,
            r#"a "height":1 "transaction":{"index":1} chain"#
        );
    }
}
