//! The stored layouts the node decodes straight from storage: a contract's
//! [`ContractInfoHead`] (whatever the storage version of the rest of its
//! info) and [`CodeInfo`]. A node decodes what every runtime it may import
//! blocks of has stored, so these bytes never change; a failure here means
//! a layout did, which needs a new storage layout the node reads beside the
//! old one, not an edit of these pins.

use codec::{Decode, Encode};

use super::*;
use crate::migrations::v1::old;
use crate::primitives::{ContractInfoHead, Label};
use crate::{CodeInfo, ContractInfo};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn head() -> ContractInfoHead {
    ContractInfoHead {
        code_hash: [1; 32],
        trie_id: [2; 32],
        deployer: [3; 32],
        abi: Abi::CosmWasm,
        admin: Some([4; 32]),
    }
}

#[test]
fn the_head_of_a_contracts_info_is_pinned_and_leads_every_version_of_it() {
    let head = head();
    let pinned = [
        "01".repeat(32),
        "02".repeat(32),
        "03".repeat(32),
        "01".into(),
        "01".into(),
        "04".repeat(32),
    ]
    .concat();
    assert_eq!(hex(&head.encode()), pinned);

    let label = Label::try_from(b"token".to_vec()).unwrap();
    let version_0 = old::ContractInfo {
        code_hash: head.code_hash,
        trie_id: head.trie_id,
        deployer: head.deployer,
        abi: head.abi,
        admin: head.admin,
        label: label.clone(),
        storage_bytes: 5,
        storage_items: 6,
        storage_deposit: 7,
    };
    let version_1 = ContractInfo {
        code_hash: head.code_hash,
        trie_id: head.trie_id,
        deployer: head.deployer,
        abi: head.abi,
        admin: head.admin,
        label,
        storage_bytes: 5,
        storage_items: 6,
        storage_byte_deposit: 7,
        storage_item_deposit: 8,
        base_deposit: 9,
    };
    for stored in [version_0.encode(), version_1.encode()] {
        assert!(stored.starts_with(&head.encode()));
        assert_eq!(ContractInfoHead::decode(&mut &stored[..]), Ok(head.clone()));
    }
}

#[test]
fn code_info_is_pinned() {
    let info = CodeInfo::<[u8; 32]> {
        owner: [1; 32],
        len: 0x0203_0405,
        abi: Abi::Native,
        refcount: 6,
        code_id: 7,
        deposit: 8,
        checksum: [9; 32],
        migrate_version: Some(10),
    };
    let pinned = [
        "01".repeat(32),
        "05040302".into(),
        "00".into(),
        "0600000000000000".into(),
        "0700000000000000".into(),
        format!("08{}", "00".repeat(15)),
        "09".repeat(32),
        "01".into(),
        "0a00000000000000".into(),
    ]
    .concat();
    assert_eq!(hex(&info.encode()), pinned);
}
