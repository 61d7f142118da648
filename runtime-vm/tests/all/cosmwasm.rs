//! CosmWasm on the VM: unmodified crates.io contracts against the in-memory
//! host (the pallet's tests drive the full flows, messages included).

use runtime_vm::testing::MockHost;
use runtime_vm::{
    Address, BlockContext, CodeMeta, ContractMeta, CwChain, CwEntry, CwMsg, CwOutcome, CwRequest,
    CwStatus, HostTrap, Limits, Schedule, Semantics, TrapKind, ValidationError, Vm,
};
use runtime_vm_fixtures::vectors::*;
use runtime_vm_fixtures::{CW1_WHITELIST, CW20_BASE, CW721_BASE, CW_RECEIVER, CW_STD3};

use crate::common::{default_vm, ALICE, BLOCK, BOB, GAS};

const TOKEN: Address = [0xC2; 32];
const RECEIVER: Address = [0xC3; 32];
/// The cosmwasm-std 3 contract.
const STD3: Address = [0xC4; 32];

fn chain() -> CwChain {
    CwChain {
        chain_id: "testing".into(),
        denom: "unit".into(),
        ss58_prefix: 42,
        total_supply: 1_000_000,
    }
}

struct Cw {
    vm: Vm,
    host: MockHost,
    chain: CwChain,
    /// The block every execution runs in.
    block: BlockContext,
}

impl Cw {
    fn new() -> Self {
        let mut host = MockHost::new();
        host.add_contract(TOKEN, CW20_BASE.to_vec());
        host.add_contract(RECEIVER, CW_RECEIVER.to_vec());
        host.add_contract(STD3, CW_STD3.to_vec());
        Self {
            vm: default_vm(64 << 20),
            host,
            chain: chain(),
            block: BLOCK,
        }
    }

    fn run(&mut self, contract: Address, sender: Address, entry: CwEntry) -> CwOutcome {
        self.run_with_gas(contract, sender, entry, GAS)
    }

    fn run_with_gas(
        &mut self,
        contract: Address,
        sender: Address,
        entry: CwEntry,
        gas_limit: u64,
    ) -> CwOutcome {
        let request = CwRequest {
            entry,
            contract,
            sender,
            funds: 0,
            gas_limit,
            block: self.block,
            chain: &self.chain,
            transaction_index: Some(0),
            collect_debug: true,
        };
        self.vm.execute_cosmwasm(&mut self.host, request).unwrap()
    }

    fn query(&mut self, contract: Address, msg: &str) -> CwStatus {
        self.run(contract, ALICE, CwEntry::Query(msg.into())).status
    }

    fn instantiate_token(&mut self) {
        let msg = format!(
            r#"{{"name":"Test Token","symbol":"TST","decimals":6,
                "initial_balances":[{{"address":"{}","amount":"1000"}}],
                "mint":{{"minter":"{}"}}}}"#,
            ss58(&ALICE),
            ss58(&ALICE)
        );
        let outcome = self.run(TOKEN, ALICE, CwEntry::Instantiate(msg.into_bytes()));
        assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    }
}

/// SS58 with prefix 42, computed here from its definition (base58 of prefix,
/// account and the first two bytes of BLAKE2b-512 over `SS58PRE` and both).
pub fn ss58(account: &Address) -> String {
    use blake2::Digest;
    let mut payload = vec![42u8];
    payload.extend_from_slice(account);
    let digest = blake2::Blake2b512::new()
        .chain_update(b"SS58PRE")
        .chain_update(&payload)
        .finalize();
    payload.extend_from_slice(&digest[..2]);
    bs58::encode(payload).into_string()
}

/// cw20's `transfer` of `amount` to `to`.
fn transfer_msg(to: &Address, amount: u128) -> Vec<u8> {
    format!(
        r#"{{"transfer":{{"recipient":"{}","amount":"{amount}"}}}}"#,
        ss58(to)
    )
    .into_bytes()
}

fn data(status: CwStatus) -> String {
    match status {
        CwStatus::Data(data) => String::from_utf8(data).unwrap(),
        other => panic!("expected data, got {other:?}"),
    }
}

#[test]
fn cw20_instantiates_transfers_and_answers_queries() {
    let mut cw = Cw::new();
    cw.instantiate_token();
    let transfer = transfer_msg(&BOB, 250);
    let outcome = cw.run(TOKEN, ALICE, CwEntry::Execute(transfer));
    let CwStatus::Ok(response) = outcome.status else {
        panic!("{outcome:?}")
    };
    assert!(response.messages.is_empty());
    let attribute = |key: &str| {
        response
            .attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
    };
    assert_eq!(attribute("action").as_deref(), Some("transfer"));
    assert_eq!(attribute("amount").as_deref(), Some("250"));
    assert_eq!(attribute("to"), Some(ss58(&BOB)));

    let balance = |cw: &mut Cw, who: &Address| {
        data(cw.query(
            TOKEN,
            &format!(r#"{{"balance":{{"address":"{}"}}}}"#, ss58(who)),
        ))
    };
    assert_eq!(balance(&mut cw, &ALICE), r#"{"balance":"750"}"#);
    assert_eq!(balance(&mut cw, &BOB), r#"{"balance":"250"}"#);
    assert_eq!(
        data(cw.query(TOKEN, r#"{"token_info":{}}"#)),
        r#"{"name":"Test Token","symbol":"TST","decimals":6,"total_supply":"1000"}"#
    );
}

#[test]
fn a_contract_error_rolls_back_and_carries_the_message() {
    let mut cw = Cw::new();
    cw.instantiate_token();
    let before = cw.host.contract_storage(&TOKEN);
    let transfer = transfer_msg(&BOB, 5000);
    let outcome = cw.run(TOKEN, ALICE, CwEntry::Execute(transfer));
    match outcome.status {
        CwStatus::Err(message) => assert!(message.contains("Overflow"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(cw.host.contract_storage(&TOKEN), before);

    let bad_recipient = r#"{"transfer":{"recipient":"not-an-address","amount":"1"}}"#;
    let outcome = cw.run(TOKEN, ALICE, CwEntry::Execute(bad_recipient.into()));
    match outcome.status {
        CwStatus::Err(message) => assert!(message.contains("base58"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn storage_is_ordered_and_iterated_with_pagination() {
    let mut cw = Cw::new();
    cw.instantiate_token();
    let accounts: Vec<Address> = (1..=5u8).map(|i| [i; 32]).collect();
    for account in &accounts {
        let outcome = cw.run(TOKEN, ALICE, CwEntry::Execute(transfer_msg(account, 1)));
        assert!(matches!(outcome.status, CwStatus::Ok(_)));
    }
    let mut holders: Vec<String> = accounts.iter().map(ss58).collect();
    holders.push(ss58(&ALICE));
    holders.sort();
    let page = |cw: &mut Cw, start: Option<&str>| -> Vec<String> {
        let start = start.map_or(String::new(), |s| format!(r#","start_after":"{s}""#));
        let msg = format!(r#"{{"all_accounts":{{"limit":4{start}}}}}"#);
        let answer = data(cw.query(TOKEN, &msg));
        let inner = answer
            .strip_prefix(r#"{"accounts":["#)
            .and_then(|s| s.strip_suffix("]}"))
            .unwrap();
        inner
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_matches('"').to_string())
            .collect()
    };
    let first = page(&mut cw, None);
    assert_eq!(first, holders[..4]);
    let second = page(&mut cw, Some(&first[3]));
    assert_eq!(second, holders[4..]);
}

#[test]
fn smart_bank_and_contract_info_queries_reach_the_chain() {
    let mut cw = Cw::new();
    cw.instantiate_token();
    cw.host.set_balance(BOB, 77);
    cw.host.set_contract_meta(
        TOKEN,
        ContractMeta {
            code_id: 3,
            creator: ALICE,
            admin: Some(BOB),
        },
    );
    cw.host.set_code_meta(
        3,
        CodeMeta {
            creator: ALICE,
            checksum: [1; 32],
        },
    );
    let inner = format!(r#"{{"balance":{{"address":"{}"}}}}"#, ss58(&ALICE));
    let forward = format!(
        r#"{{"forward":{{"contract":"{}","msg":"{}"}}}}"#,
        ss58(&TOKEN),
        base64(inner.as_bytes())
    );
    assert_eq!(data(cw.query(RECEIVER, &forward)), r#"{"balance":"1000"}"#);
    let balances = format!(r#"{{"balances":{{"address":"{}"}}}}"#, ss58(&BOB));
    assert_eq!(
        data(cw.query(RECEIVER, &balances)),
        r#"[{"denom":"unit","amount":"77"}]"#
    );
    let info = format!(r#"{{"contract_info":{{"contract":"{}"}}}}"#, ss58(&TOKEN));
    assert_eq!(
        data(cw.query(RECEIVER, &info)),
        format!(
            r#"{{"code_id":3,"creator":"{}","admin":"{}","pinned":false,"ibc_port":null}}"#,
            ss58(&ALICE),
            ss58(&BOB)
        )
    );
    let missing = format!(
        r#"{{"forward":{{"contract":"{}","msg":"{}"}}}}"#,
        ss58(&[0xEE; 32]),
        base64(inner.as_bytes())
    );
    match cw.query(RECEIVER, &missing) {
        CwStatus::Err(message) => assert!(message.contains("No such contract"), "{message}"),
        other => panic!("{other:?}"),
    }
}

fn base64(bytes: &[u8]) -> String {
    cosmwasm_std::Binary::new(bytes.to_vec()).to_base64()
}

#[test]
fn responses_carry_messages_with_canonical_addresses() {
    let mut cw = Cw::new();
    let dispatch = format!(
        r#"{{"dispatch":{{"messages":[
            {{"id":7,"payload":"","msg":{{"bank":{{"send":{{"to_address":"{}","amount":[{{"denom":"unit","amount":"5"}}]}}}}}},"gas_limit":null,"reply_on":"always"}},
            {{"id":8,"payload":"","msg":{{"bank":{{"send":{{"to_address":"{}","amount":[{{"denom":"atom","amount":"5"}}]}}}}}},"gas_limit":1000,"reply_on":"never"}}
        ]}}}}"#,
        ss58(&BOB),
        ss58(&BOB)
    );
    let outcome = cw.run(RECEIVER, ALICE, CwEntry::Execute(dispatch.into_bytes()));
    let CwStatus::Ok(response) = outcome.status else {
        panic!("{outcome:?}")
    };
    assert_eq!(response.messages.len(), 2);
    assert_eq!(
        response.messages[0].msg,
        CwMsg::BankSend { to: BOB, amount: 5 }
    );
    assert_eq!(response.messages[0].id, 7);
    assert_eq!(response.messages[1].gas_limit, Some(1000));
    assert!(
        matches!(&response.messages[1].msg, CwMsg::Rejected(reason) if reason.contains("atom")),
        "{:?}",
        response.messages[1].msg
    );
}

#[test]
fn queries_cannot_write_and_a_missing_entry_point_is_named() {
    let mut cw = Cw::new();
    let outcome = cw.run(TOKEN, ALICE, CwEntry::Sudo(b"{}".to_vec()));
    assert_eq!(
        outcome.status,
        CwStatus::Trap(TrapKind::Host(HostTrap::MissingEntryPoint))
    );
    let reply = runtime_vm::CwReply {
        id: 1,
        payload: Vec::new(),
        gas_used: 0,
        result: Err("x".into()),
    };
    let outcome = cw.run(TOKEN, ALICE, CwEntry::Reply(reply));
    assert_eq!(
        outcome.status,
        CwStatus::Trap(TrapKind::Host(HostTrap::MissingEntryPoint))
    );
}

#[test]
fn gas_is_charged_the_same_every_time_and_running_out_is_clean() {
    let mut cw = Cw::new();
    cw.instantiate_token();
    let transfer = transfer_msg(&BOB, 1);
    // The first transfer creates Bob's balance; from then on each transfer
    // reads and writes values of the same sizes, so it must cost the same.
    cw.run(TOKEN, ALICE, CwEntry::Execute(transfer.clone()));
    let first = cw.run(TOKEN, ALICE, CwEntry::Execute(transfer.clone()));
    let second = cw.run(TOKEN, ALICE, CwEntry::Execute(transfer.clone()));
    assert!(first.gas_used > 10_000, "{}", first.gas_used);
    assert_eq!(first.gas_used, second.gas_used);
    cw.vm.clear_cache();
    let cold = cw.run(TOKEN, ALICE, CwEntry::Execute(transfer.clone()));
    assert_eq!(
        cold.gas_used, first.gas_used,
        "a cache miss costs no more fuel"
    );

    let before = cw.host.contract_storage(&TOKEN);
    let starved = cw.run_with_gas(
        TOKEN,
        ALICE,
        CwEntry::Execute(transfer.clone()),
        first.gas_used - 1,
    );
    assert_eq!(starved.status, CwStatus::Trap(TrapKind::OutOfGas));
    assert_eq!(starved.gas_used, first.gas_used - 1);
    assert_eq!(cw.host.contract_storage(&TOKEN), before);
    let exact = cw.run_with_gas(TOKEN, ALICE, CwEntry::Execute(transfer), first.gas_used);
    assert!(matches!(exact.status, CwStatus::Ok(_)), "{exact:?}");
}

#[test]
fn the_crates_io_contracts_validate_with_their_capabilities() {
    let vm = default_vm(1 << 20);
    let expected: [(&[u8], &[&str]); 3] = [
        (CW20_BASE, &["iterator"]),
        (CW721_BASE, &["iterator"]),
        (CW1_WHITELIST, &["iterator", "staking"]),
    ];
    for (code, capabilities) in expected {
        let info = vm.validate(code).unwrap();
        assert_eq!(info.abi, runtime_vm::abi::Abi::CosmWasm);
        assert_eq!(info.capabilities, capabilities);
    }
}

/// The smallest module with CosmWasm's memory, `allocate` and
/// `deallocate`, and `extra` (exports, sections).
fn cosmwasm_module(extra: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module (memory (export "memory") 1)
            (func (export "allocate") (param i32) (result i32) (i32.const 0))
            (func (export "deallocate") (param i32))
            {extra})"#
    ))
    .unwrap()
}

#[test]
fn unsupported_interfaces_and_capabilities_are_named() {
    let vm = default_vm(1 << 20);
    let module = cosmwasm_module;
    let v8 = r#"(func (export "interface_version_8"))"#;
    assert_eq!(
        vm.validate(&module(&format!(
            r#"{v8} (func (export "requires_cosmwasm_4_0"))"#
        ))),
        Err(ValidationError::UnsupportedCapability(
            "cosmwasm_4_0".into()
        ))
    );
    assert_eq!(
        vm.validate(&module(r#"(func (export "interface_version_7"))"#)),
        Err(ValidationError::UnsupportedInterfaceVersion(
            "interface_version_7".into()
        ))
    );
    let no_allocate = wat::parse_str(format!(
        r#"(module (memory (export "memory") 1) {v8} (func (export "deallocate") (param i32)))"#
    ))
    .unwrap();
    assert_eq!(
        vm.validate(&no_allocate),
        Err(ValidationError::MissingExport("allocate".into()))
    );
    assert!(matches!(
        vm.validate(&module(&format!(r#"{v8} (func (export "query") (param i32) (result i32) (i32.const 0))"#))),
        Err(ValidationError::ExportSignature { name, .. }) if name == "query"
    ));
    assert!(vm.validate(&module(v8)).is_ok());
}

#[test]
fn signature_imports_verify_and_recover_as_cosmwasm_crypto_does() {
    use ed25519_zebra::{SigningKey, VerificationKey};

    let mut cw = Cw::new();

    let message = b"pay bob 10";
    let ed_key = SigningKey::from([7u8; 32]);
    let ed_public = VerificationKey::from(&ed_key);
    let ed_signature = ed_key.sign(message).to_bytes();
    let verify_ed = |cw: &mut Cw, message: &[u8]| {
        data(cw.query(
            RECEIVER,
            &format!(
                r#"{{"verify_ed25519":{{"message":"{}","signature":"{}","public_key":"{}"}}}}"#,
                base64(message),
                base64(&ed_signature),
                base64(&<[u8; 32]>::from(ed_public))
            ),
        ))
    };
    assert_eq!(verify_ed(&mut cw, message), "true");
    assert_eq!(verify_ed(&mut cw, b"pay bob 99"), "false");
    let batch = format!(
        r#"{{"verify_ed25519_batch":{{"messages":["{m}","{m}"],"signatures":["{s}","{s}"],"public_keys":["{k}"]}}}}"#,
        m = base64(message),
        s = base64(&ed_signature),
        k = base64(&<[u8; 32]>::from(ed_public))
    );
    assert_eq!(data(cw.query(RECEIVER, &batch)), "true");

    let hash: [u8; 32] = {
        use sha2::Digest;
        sha2::Sha256::digest(message).into()
    };
    let k_key = k256::ecdsa::SigningKey::from_bytes(&[9u8; 32].into()).unwrap();
    let (k_signature, recovery): (k256::ecdsa::Signature, _) =
        k_key.sign_prehash_recoverable(&hash).unwrap();
    let k_public = k_key.verifying_key().to_encoded_point(false);
    let verify_k = |cw: &mut Cw, hash: &[u8]| {
        data(cw.query(
            RECEIVER,
            &format!(
                r#"{{"verify_secp256k1":{{"hash":"{}","signature":"{}","public_key":"{}"}}}}"#,
                base64(hash),
                base64(&k_signature.to_bytes()),
                base64(k_public.as_bytes())
            ),
        ))
    };
    assert_eq!(verify_k(&mut cw, &hash), "true");
    assert_eq!(verify_k(&mut cw, &[0u8; 32]), "false");
    let recovered = data(cw.query(
        RECEIVER,
        &format!(
            r#"{{"recover_secp256k1":{{"hash":"{}","signature":"{}","recovery_param":{}}}}}"#,
            base64(&hash),
            base64(&k_signature.to_bytes()),
            recovery.to_byte()
        ),
    ));
    assert_eq!(recovered, format!("\"{}\"", base64(k_public.as_bytes())));
    // A malformed key is the contract's error (cosmwasm-crypto's code), not a trap.
    let bad_key = format!(
        r#"{{"verify_secp256k1":{{"hash":"{}","signature":"{}","public_key":"{}"}}}}"#,
        base64(&hash),
        base64(&k_signature.to_bytes()),
        base64(&[4u8; 7])
    );
    assert!(matches!(cw.query(RECEIVER, &bad_key), CwStatus::Err(_)));
}

#[test]
fn keys_only_and_values_only_iteration_in_both_orders() {
    let mut cw = Cw::new();
    for (key, value) in [("b", "2"), ("a", "1"), ("c", "3")] {
        cw.host
            .set_storage(RECEIVER, key.as_bytes().to_vec(), value.as_bytes().to_vec());
    }
    let list = |items: &[&str]| {
        let items: Vec<String> = items
            .iter()
            .map(|i| format!("\"{}\"", base64(i.as_bytes())))
            .collect();
        format!("[{}]", items.join(","))
    };
    assert_eq!(
        data(cw.query(RECEIVER, r#"{"keys":{"descending":false}}"#)),
        list(&["a", "b", "c"])
    );
    assert_eq!(
        data(cw.query(RECEIVER, r#"{"keys":{"descending":true}}"#)),
        list(&["c", "b", "a"])
    );
    assert_eq!(
        data(cw.query(RECEIVER, r#"{"values":{"descending":true}}"#)),
        list(&["3", "2", "1"])
    );
}

// ---- cosmwasm_2_1's imports: known-answer vectors ------------------------

/// `msg` for the cosmwasm-std 3 contract, its binary fields (hex here) in base64.
fn std3_query(cw: &mut Cw, query: &str, fields: &[(&str, &str)]) -> CwStatus {
    let fields: Vec<String> = fields
        .iter()
        .map(|(name, hex)| format!(r#""{name}":"{}""#, base64(&hex::decode(hex).unwrap())))
        .collect();
    cw.query(STD3, &format!(r#"{{"{query}":{{{}}}}}"#, fields.join(",")))
}

/// A query's answer: a JSON `true`/`false`, or a binary as hex.
fn answer(status: CwStatus) -> String {
    let json = data(status);
    match json
        .strip_prefix('"')
        .and_then(|json| json.strip_suffix('"'))
    {
        Some(encoded) => {
            let binary = cosmwasm_std::Binary::from_base64(encoded).unwrap();
            hex::encode(binary.as_slice())
        }
        None => json,
    }
}

#[test]
fn secp256r1_verifies_and_recovers_nist_vectors() {
    let mut cw = Cw::new();
    let verify = |cw: &mut Cw, hash: &str| {
        let fields = [
            ("hash", hash),
            ("signature", P256_SIGNATURE),
            ("public_key", P256_KEY),
        ];
        answer(std3_query(cw, "verify_secp256r1", &fields))
    };
    assert_eq!(verify(&mut cw, P256_HASH), "true");
    let tampered = format!("45{}", &P256_HASH[2..]);
    assert_eq!(verify(&mut cw, &tampered), "false");
    let recovered = cw.query(
        STD3,
        &format!(
            r#"{{"recover_secp256r1":{{"hash":"{}","signature":"{}","recovery_param":0}}}}"#,
            base64(&hex::decode(P256_HASH).unwrap()),
            base64(&hex::decode(P256_SIGNATURE).unwrap()),
        ),
    );
    assert_eq!(answer(recovered), P256_KEY);
    // A malformed key is the contract's error (cosmwasm-crypto's code), not a trap.
    let fields = [
        ("hash", P256_HASH),
        ("signature", P256_SIGNATURE),
        ("public_key", "04aa"),
    ];
    assert!(matches!(
        std3_query(&mut cw, "verify_secp256r1", &fields),
        CwStatus::Err(_)
    ));
}

#[test]
fn bls12_381_answers_rfc_9380_and_ethereum_vectors() {
    let mut cw = Cw::new();
    // RFC 9380, J.9.1 and J.10.1: "abc" hashed to each group (compressed).
    let hash = |cw: &mut Cw, group: &str, dst: &[u8]| {
        let fields = [("msg", hex::encode("abc")), ("dst", hex::encode(dst))];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        answer(std3_query(cw, &format!("hash_to_{group}"), &fields))
    };
    assert_eq!(hash(&mut cw, "g1", RFC9380_G1_DST), RFC9380_G1_ABC);
    assert_eq!(hash(&mut cw, "g2", RFC9380_G2_DST), RFC9380_G2_ABC);
    let g1s = [G1, G1].concat();
    assert_eq!(
        answer(std3_query(&mut cw, "aggregate_g1", &[("points", &g1s)])),
        TWO_G1
    );
    let g2s = ETH_SIGNATURES.concat();
    assert_eq!(
        answer(std3_query(&mut cw, "aggregate_g2", &[("points", &g2s)])),
        ETH_AGGREGATE
    );

    // Ethereum's fast aggregate verification: e(aggregate key, H(m)) = e(G1, signature).
    let keys = ETH_KEYS.concat();
    let key = answer(std3_query(&mut cw, "aggregate_g1", &[("points", &keys)]));
    let verify = |cw: &mut Cw, message: &[u8]| {
        let fields = [("msg", hex::encode(message)), ("dst", hex::encode(ETH_DST))];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let hashed = answer(std3_query(cw, "hash_to_g2", &fields));
        let pairing = [
            ("ps", key.as_str()),
            ("qs", hashed.as_str()),
            ("r", G1),
            ("s", ETH_FAST_AGGREGATE_SIGNATURE),
        ];
        answer(std3_query(cw, "pairing_equality", &pairing))
    };
    assert_eq!(verify(&mut cw, &[0xAB; 32]), "true");
    assert_eq!(verify(&mut cw, &[0x56; 32]), "false");
    // Not a whole number of points: the contract's error, not a trap.
    let partial = &G1[..94];
    assert!(matches!(
        std3_query(&mut cw, "aggregate_g1", &[("points", partial)]),
        CwStatus::Err(_)
    ));
}

#[test]
fn bls12_381_imports_charge_per_point_before_the_work() {
    // A per-point cost far above everything else the query does.
    let per_point = 20_000_000;
    let schedule = Schedule {
        bls12_381_aggregate_g1: runtime_vm::Cost::new(0, per_point),
        ..Schedule::default()
    };
    let gas = |points: usize| {
        let mut cw = Cw::new();
        cw.vm = Vm::new(
            Semantics::LATEST,
            Limits::default(),
            schedule.clone(),
            64 << 20,
        )
        .unwrap();
        let msg = format!(
            r#"{{"aggregate_g1":{{"points":"{}"}}}}"#,
            base64(&hex::decode(G1.repeat(points)).unwrap())
        );
        let outcome = cw.run(STD3, ALICE, CwEntry::Query(msg.into()));
        assert!(
            matches!(outcome.status, CwStatus::Data(_)),
            "{:?}",
            outcome.status
        );
        outcome.gas_used
    };
    let (eight, sixteen) = (gas(8), gas(16));
    let extra = sixteen - eight;
    // Eight more points: eight more per-point charges, and a little more of
    // everything else (copying and parsing 384 more bytes).
    assert!(extra >= 8 * per_point, "{extra}");
    assert!(extra < 8 * per_point + 200_000, "{extra}");
    // A budget short of the points' charge runs out before they are added.
    let mut cw = Cw::new();
    cw.vm = Vm::new(Semantics::LATEST, Limits::default(), schedule, 64 << 20).unwrap();
    let msg = format!(
        r#"{{"aggregate_g1":{{"points":"{}"}}}}"#,
        base64(&hex::decode(G1.repeat(8)).unwrap())
    );
    let short = cw.run_with_gas(STD3, ALICE, CwEntry::Query(msg.into()), 7 * per_point);
    assert_eq!(short.status, CwStatus::Trap(TrapKind::OutOfGas));
}

#[test]
fn the_migrate_version_section_is_read_and_must_be_a_number() {
    let vm = default_vm(1 << 20);
    let module = |section: &str| {
        cosmwasm_module(&format!(
            r#"(func (export "interface_version_8")) {section}"#
        ))
    };
    let version = |section: &str| {
        vm.validate(&module(section))
            .map(|info| info.migrate_version)
    };
    assert_eq!(version(""), Ok(None));
    assert_eq!(
        version(r#"(@custom "cw_migrate_version" "42")"#),
        Ok(Some(42))
    );
    assert!(matches!(
        version(r#"(@custom "cw_migrate_version" "forty-two")"#),
        Err(ValidationError::InvalidWasm(reason)) if reason.contains("cw_migrate_version")
    ));
}

#[test]
fn fuel_does_not_depend_on_the_time_and_grows_linearly_with_the_heights_digits() {
    // cw20-base parses `Env` in every entry point: instantiate a token and
    // transfer in blocks of each height, at genesis's time and a clock's.
    let fuel_at = |number, timestamp| {
        let mut cw = Cw::new();
        cw.block = BlockContext { number, timestamp };
        cw.instantiate_token();
        cw.run(TOKEN, ALICE, CwEntry::Execute(transfer_msg(&BOB, 1)))
            .gas_used
    };
    let by_digits: Vec<u64> = [1, 10, 100, 1_000, 10_000_000_000_000_000_000]
        .into_iter()
        .map(|number| fuel_at(number, 1_733_000_000_000))
        .collect();
    for (number, timestamp) in [(1, 0), (9, 0), (9, 1), (9, u64::MAX / 1_000_000)] {
        assert_eq!(
            fuel_at(number, timestamp),
            by_digits[0],
            "{number} at {timestamp}"
        );
    }
    assert_eq!(fuel_at(99_999, 42), fuel_at(10_000, 1_733_000_000_000));
    // The same fuel per digit from one digit to twenty: what lets a dry
    // run's two rehearsals bound every block between.
    let per_digit = by_digits[1] - by_digits[0];
    assert!(per_digit > 0);
    for (pair, digits) in by_digits.windows(2).zip([1, 1, 1, 16]) {
        assert_eq!(pair[1] - pair[0], per_digit * digits, "{by_digits:?}");
    }
}
