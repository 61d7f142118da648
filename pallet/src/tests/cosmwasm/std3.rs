//! cosmwasm-std 3 and what cosmwasm_2_0 to cosmwasm_3_0 promise a contract,
//! through the pallet: replies with payloads and `msg_responses`, a
//! contract sending its whole balance, wasmd's `Instantiate2` addresses and
//! SHA-256 checksums. (The new imports' known answers are runtime-vm's
//! tests; they run the same contract.)

use cosmwasm_std::CanonicalAddr;

use super::messages::{dispatch, submsg};
use super::*;

fn std3() -> AccountId32 {
    let code = upload(fixtures::CW_STD3);
    instantiate(code)
        .input(bytes(&json!({})))
        .admin(ALICE)
        .value(1_000)
        .salt(b"std3")
        .instantiated()
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    sp_io::hashing::sha2_256(bytes)
}

#[test]
fn a_cosmwasm_3_contract_uploads_and_reports_its_replies_payloads_and_msg_responses() {
    new_test_ext().execute_with(|| {
        let contract = std3();
        let messages = json!([
            submsg(1, bank_send(&CAROL, 300), "success", "first"),
            submsg(2, bank_send(&CAROL, 5_000), "error", "second"),
        ]);
        execute(&ALICE, &contract, dispatch(messages));
        let replies = query(&contract, json!({"replies": {}}));
        assert_eq!(replies[0]["id"], 1);
        assert_eq!(
            replies[0]["payload"],
            json!(cosmwasm_std::Binary::new(b"first".to_vec()).to_base64())
        );
        assert_eq!(
            replies[0]["result"],
            json!({"Ok": [["/cosmos.bank.v1beta1.MsgSendResponse", ""]]})
        );
        assert_eq!(replies[1]["id"], 2);
        assert_eq!(
            replies[1]["payload"],
            json!(cosmwasm_std::Binary::new(b"second".to_vec()).to_base64())
        );
        assert!(replies[1]["result"]["Err"].is_string(), "{replies}");
        assert_eq!(Balances::balance(&CAROL), 300);
    });
}

/// `CW_STD3` with its migrate version (2) changed to `version` (one digit).
fn std3_version(version: u8) -> Vec<u8> {
    let mut code = fixtures::CW_STD3.to_vec();
    let section = b"cw_migrate_version2";
    let at = code
        .windows(section.len())
        .position(|window| window == section)
        .expect("cw-std3 has a migrate version");
    code[at + section.len() - 1] = b'0' + version;
    code
}

#[test]
fn a_migration_sends_the_whole_balance_and_follows_wasmd_s_migrate_versions() {
    new_test_ext().execute_with(|| {
        let contract = std3();
        let version_3 = upload(&std3_version(3));
        // The contract queries its balance and sends all of it: the bank
        // reports what it was sent, not its account's existential deposit,
        // which stays.
        let bob = Balances::balance(&BOB);
        let pay_out = json!({"pay_out_to": [human(&BOB), DENOM]});
        assert_ok!(migrate(&contract, version_3)
            .msg(bytes(&pay_out))
            .dispatch());
        assert_eq!(Balances::balance(&BOB), bob + 1_000);
        assert_eq!(Balances::balance(&contract), ED);
        // `migrate` got cosmwasm_2_2's `MigrateInfo`: the sender and the
        // migrate version of the code it ran before.
        assert_eq!(
            query(&contract, json!({"migrated": {}})),
            json!([human(&ALICE), 2])
        );
        // The same migrate version again: the code switches, and `migrate`
        // is not called (it would refuse this message).
        let bogus = bytes(&json!({"pay_out_to": 5}));
        assert_ok!(migrate(&contract, version_3).msg(&bogus).dispatch());
        let version_2 = upload(fixtures::CW_STD3);
        let error = migrate(&contract, version_2)
            .msg(&bogus)
            .dispatch()
            .unwrap_err();
        assert_eq!(error.error, Error::<Test>::ContractFailed.into());
        assert_eq!(
            crate::CodeInfoOf::<Test>::get(version_2)
                .unwrap()
                .migrate_version,
            Some(2)
        );
    });
}

#[test]
fn code_checksums_are_sha256_and_instantiate2_addresses_are_wasmd_s() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = upload(fixtures::CW20_BASE);
        let code_info = crate::CodeInfoOf::<Test>::get(code).unwrap();
        let checksum = sha256(fixtures::CW20_BASE);
        assert_eq!(code_info.checksum, checksum);
        let contract = std3();
        assert_eq!(
            query(
                &contract,
                json!({"code_checksum": {"code_id": code_info.code_id}})
            ),
            json!(hex(&checksum))
        );

        let salt = b"wasmd salt";
        let instantiate2 = json!({"wasm": {"instantiate2": {
            "admin": null, "code_id": code_info.code_id, "label": "child",
            "msg": base64(&child_token("CHD")), "funds": [],
            "salt": cosmwasm_std::Binary::new(salt.to_vec()).to_base64()}}});
        execute(
            &ALICE,
            &receiver,
            dispatch(json!([submsg(1, instantiate2, "never", "")])),
        );
        let creator = CanonicalAddr::from(raw(&receiver).to_vec());
        let expected = cosmwasm_std::instantiate2_address(&checksum, &creator, salt).unwrap();
        let child = AccountId32::new(expected.as_slice().try_into().unwrap());
        assert_eq!(query(&child, json!({"token_info": {}}))["symbol"], "CHD");
    });
}

#[test]
fn instantiate2_addresses_match_cosmwasm_std_and_refuse_bad_salts() {
    let checksum = sha256(b"some code");
    for (creator, salt) in [
        ([0x01; 32], b"a".to_vec()),
        ([0xAB; 32], vec![0xFF; 64]),
        ([0x42; 32], b"cosmwasm/instance".to_vec()),
    ] {
        let ours =
            crate::storage::instantiate2_address(&checksum, &AccountId32::new(creator), &salt)
                .expect("a valid salt");
        let theirs = cosmwasm_std::instantiate2_address(
            &checksum,
            &CanonicalAddr::from(creator.to_vec()),
            &salt,
        )
        .unwrap();
        assert_eq!(<[u8; 32]>::from(ours).as_slice(), theirs.as_slice());
    }
    let creator = AccountId32::new([1; 32]);
    for salt in [Vec::new(), vec![0; 65]] {
        assert_eq!(
            crate::storage::instantiate2_address(&checksum, &creator, &salt),
            None
        );
        assert!(cosmwasm_std::instantiate2_address(
            &checksum,
            &CanonicalAddr::from(vec![1; 32]),
            &salt
        )
        .is_err());
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// `bytes` (hex) as the base64 JSON string a `Binary` is.
fn binary(hex: &str) -> Value {
    json!(cosmwasm_std::Binary::new(unhex(hex)).to_base64())
}

#[test]
fn the_cosmwasm_2_1_imports_answer_known_vectors_through_the_pallet() {
    use runtime_vm_fixtures::vectors::*;
    new_test_ext().execute_with(|| {
        let contract = std3();
        let verify = |hash: &str| {
            query(
                &contract,
                json!({"verify_secp256r1": {"hash": binary(hash),
                    "signature": binary(P256_SIGNATURE), "public_key": binary(P256_KEY)}}),
            )
        };
        assert_eq!(verify(P256_HASH), json!(true));
        assert_eq!(verify(&format!("45{}", &P256_HASH[2..])), json!(false));
        let recovered = query(
            &contract,
            json!({"recover_secp256r1": {"hash": binary(P256_HASH),
                "signature": binary(P256_SIGNATURE), "recovery_param": 0}}),
        );
        assert_eq!(recovered, binary(P256_KEY));

        let hash_to = |group: &str, msg: &[u8], dst: &[u8]| {
            let msg = json!({format!("hash_to_{group}"): {
                "msg": cosmwasm_std::Binary::new(msg.to_vec()).to_base64(),
                "dst": cosmwasm_std::Binary::new(dst.to_vec()).to_base64()}});
            query(&contract, msg)
        };
        assert_eq!(
            hash_to("g1", b"abc", RFC9380_G1_DST),
            binary(RFC9380_G1_ABC)
        );
        assert_eq!(
            hash_to("g2", b"abc", RFC9380_G2_DST),
            binary(RFC9380_G2_ABC)
        );
        let aggregate = |group: &str, points: &str| {
            query(
                &contract,
                json!({format!("aggregate_{group}"): {"points": binary(points)}}),
            )
        };
        assert_eq!(aggregate("g1", &[G1, G1].concat()), binary(TWO_G1));
        assert_eq!(
            aggregate("g2", &ETH_SIGNATURES.concat()),
            binary(ETH_AGGREGATE)
        );

        // Ethereum's fast aggregate verification.
        let key = aggregate("g1", &ETH_KEYS.concat());
        let pairing = |message: &[u8]| {
            let hashed = hash_to("g2", message, ETH_DST);
            query(
                &contract,
                json!({"pairing_equality": {"ps": key, "qs": hashed, "r": binary(G1),
                    "s": binary(ETH_FAST_AGGREGATE_SIGNATURE)}}),
            )
        };
        assert_eq!(pairing(&[0xAB; 32]), json!(true));
        assert_eq!(pairing(&[0x56; 32]), json!(false));
    });
}

#[test]
fn an_ibc2_message_is_refused_by_name_and_its_reply_says_why() {
    new_test_ext().execute_with(|| {
        let contract = std3();
        execute(&ALICE, &contract, json!({"send_ibc2_packet": {}}));
        let replies = query(&contract, json!({"replies": {}}));
        assert_eq!(replies[0]["id"], 7);
        let error = replies[0]["result"]["Err"].as_str().unwrap();
        assert!(
            error.contains("`ibc2` messages are not supported"),
            "{error}"
        );
    });
}
