//! The plain data types of runtime-vm: limits, the fuel schedule, outcomes and errors.
//!
//! `no_std`, so a FRAME runtime compiled to wasm can hold them: the pallet
//! configures the VM with [`Limits`] and [`Schedule`] and receives
//! [`Outcome`]s and [`Error`]s through its runtime interface. With the
//! `codec` feature every type is SCALE-encodable and has type information.

#![no_std]
#![deny(missing_docs)]

extern crate alloc;

/// The SCALE derives, imported by every module that derives them.
#[cfg(feature = "codec")]
mod scale {
    pub use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
    pub use scale_info::TypeInfo;
}

mod cosmwasm;
mod error;
mod limits;
mod outcome;
mod schedule;
mod types;

pub use cosmwasm::{
    CwAttribute, CwChain, CwEntry, CwEvent, CwMsg, CwMsgResponse, CwOutcome, CwReply, CwReplyOn,
    CwResponse, CwStatus, CwSubMsg, CwSubMsgResponse,
};
pub use error::{Error, ValidationError};
pub use limits::{
    CodeLimits, ExecutionLimits, Limits, DEBUG_MESSAGE_OVERHEAD, MAX_DELEGATE_DEPENDENCIES,
    WASM_PAGE_SIZE,
};
pub use outcome::{Event, HostTrap, Outcome, Status, TrapKind};
pub use schedule::{Cost, Schedule};
pub use types::{
    Abi, Address, Balance, BlockContext, CodeHash, EntryPoint, InkChain, TransferError,
};
