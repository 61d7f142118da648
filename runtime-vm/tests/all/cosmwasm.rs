//! CosmWasm on the VM: unmodified crates.io contracts against the in-memory
//! host (the pallet's tests drive the full flows, messages included).

use runtime_vm::testing::MockHost;
use runtime_vm::{
    Address, CodeMeta, ContractMeta, CwChain, CwEntry, CwMsg, CwOutcome, CwRequest, CwStatus,
    HostTrap, Limits, Schedule, TrapKind, ValidationError, Vm,
};
use runtime_vm_fixtures::{CW1_WHITELIST, CW20_BASE, CW721_BASE, CW_RECEIVER, CW_STD3};

use crate::common::{ALICE, BLOCK, BOB, GAS};

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
}

impl Cw {
    fn new() -> Self {
        let mut host = MockHost::new();
        host.add_contract(TOKEN, CW20_BASE.to_vec());
        host.add_contract(RECEIVER, CW_RECEIVER.to_vec());
        host.add_contract(STD3, CW_STD3.to_vec());
        Self {
            vm: Vm::new(Limits::default(), Schedule::default(), 64 << 20).unwrap(),
            host,
            chain: chain(),
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
            block: BLOCK,
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
    let vm = Vm::new(Limits::default(), Schedule::default(), 1 << 20).unwrap();
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

#[test]
fn unsupported_interfaces_and_capabilities_are_named() {
    let vm = Vm::new(Limits::default(), Schedule::default(), 1 << 20).unwrap();
    let module = |extra: &str| {
        wat::parse_str(format!(
            r#"(module (memory (export "memory") 1)
                (func (export "allocate") (param i32) (result i32) (i32.const 0))
                (func (export "deallocate") (param i32))
                {extra})"#
        ))
        .unwrap()
    };
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

/// NIST's first P-256 vector (cosmwasm-crypto's `secp256r1_tests.json`): the
/// SHA-256 of its message, its signature and its key.
const P256_HASH: &str = "44acf6b7e36c1342c2c5897204fe09504e1e2efb1a900377dbc4e7a6a133ec56";
const P256_SIGNATURE: &str = "f3ac8061b514795b8843e3d6629527ed2afd6b1f6a555a7acabb5e6f79c8c2ac8bf77819ca05a6b2786c76262bf7371cef97b218e96f175a3ccdda2acc058903";
const P256_KEY: &str = "041ccbe91c075fc7f4f033bfa248db8fccd3565de94bbfb12f3c59ff46c271bf83ce4014c68811f9a21a1fdb2c0e6113e06db7ca93b7404e78dc7ccd5ca89a4ca9";

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

/// The G1 generator, compressed, and twice it.
const G1: &str = "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";
const TWO_G1: &str = "a572cbea904d67468808c8eb50a9450c9721db309128012543902d0ac358a62ae28f75bb8f1c7c42c39a8c5529bf0f4e";
/// Ethereum's BLS vectors: three public keys (G1) and their signatures of
/// `0x5656…` (G2, `aggregate_0x5656…`) with its aggregate; the three keys'
/// aggregate signature of `0xabab…` (`fast_aggregate_verify_valid`).
const ETH_KEYS: [&str; 3] = [
    "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a",
    "b301803f8b5ac4a1133581fc676dfedc60d891dd5fa99028805e5ea5b08d3491af75d0707adab3b70c6a6a580217bf81",
    "b53d21a4cfd562c469cc81514d4ce5a6b577d8403d32a394dc265dd190b47fa9f829fdd7963afdf972e5e77854051f6f",
];
const ETH_SIGNATURES: [&str; 3] = [
    "882730e5d03f6b42c3abc26d3372625034e1d871b65a8a6b900a56dae22da98abbe1b68f85e49fe7652a55ec3d0591c20767677e33e5cbb1207315c41a9ac03be39c2e7668edc043d6cb1d9fd93033caa8a1c5b0e84bedaeb6c64972503a43eb",
    "af1390c3c47acdb37131a51216da683c509fce0e954328a59f93aebda7e4ff974ba208d9a4a2a2389f892a9d418d618418dd7f7a6bc7aa0da999a9d3a5b815bc085e14fd001f6a1948768a3f4afefc8b8240dda329f984cb345c6363272ba4fe",
    "a4efa926610b8bd1c8330c918b7a5e9bf374e53435ef8b7ec186abf62e1b1f65aeaaeb365677ac1d1172a1f5b44b4e6d022c252c58486c0a759fbdc7de15a756acc4d343064035667a594b4c2a6f0b0b421975977f297dba63ee2f63ffe47bb6",
];
const ETH_AGGREGATE: &str = "ad38fc73846583b08d110d16ab1d026c6ea77ac2071e8ae832f56ac0cbcdeb9f5678ba5ce42bd8dce334cc47b5abcba40a58f7f1f80ab304193eb98836cc14d8183ec14cc77de0f80c4ffd49e168927a968b5cdaa4cf46b9805be84ad7efa77b";
const ETH_FAST_AGGREGATE_SIGNATURE: &str = "9712c3edd73a209c742b8250759db12549b3eaf43b5ca61376d9f30e2747dbcf842d8b2ac0901d2a093713e20284a7670fcf6954e9ab93de991bb9b313e664785a075fc285806fa5224c82bde146561b446ccfc706a64b8579513cfc4ff1d930";
/// Ethereum's signature domain.
const ETH_DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

#[test]
fn bls12_381_answers_rfc_9380_and_ethereum_vectors() {
    let mut cw = Cw::new();
    // RFC 9380, J.9.1 and J.10.1: "abc" hashed to each group (compressed).
    let hash = |cw: &mut Cw, group: &str, dst: &[u8]| {
        let fields = [("msg", hex::encode("abc")), ("dst", hex::encode(dst))];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        answer(std3_query(cw, &format!("hash_to_{group}"), &fields))
    };
    assert_eq!(
        hash(&mut cw, "g1", b"QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"),
        "83567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903"
    );
    assert_eq!(
        hash(&mut cw, "g2", b"QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"),
        "939cddbccdc5e91b9623efd38c49f81a6f83f175e80b06fc374de9eb4b41dfe4ca3a230ed250fbe3a2acf73a41177fd802c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe0e7a210245129dbec7780ccc7954725f4168aff2787776e6"
    );
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
        cw.vm = Vm::new(Limits::default(), schedule.clone(), 64 << 20).unwrap();
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
    cw.vm = Vm::new(Limits::default(), schedule, 64 << 20).unwrap();
    let msg = format!(
        r#"{{"aggregate_g1":{{"points":"{}"}}}}"#,
        base64(&hex::decode(G1.repeat(8)).unwrap())
    );
    let short = cw.run_with_gas(STD3, ALICE, CwEntry::Query(msg.into()), 7 * per_point);
    assert_eq!(short.status, CwStatus::Trap(TrapKind::OutOfGas));
}
