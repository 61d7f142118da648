//! Unmodified cw721-base: mint, transfer, send, approvals.

use super::*;

fn nft_collection() -> AccountId32 {
    let code = upload(fixtures::CW721_BASE);
    instantiate(code)
        .input(bytes(
            &json!({"name": "Pictures", "symbol": "PIC", "minter": human(&ALICE)}),
        ))
        .salt(b"nft")
        .instantiated()
}

fn mint(nft: &AccountId32, token_id: &str, owner: &AccountId32) {
    execute(
        &ALICE,
        nft,
        json!({"mint": {"token_id": token_id, "owner": human(owner)}}),
    );
}

fn owner_of(nft: &AccountId32, token_id: &str) -> Value {
    query(nft, json!({"owner_of": {"token_id": token_id}}))
}

#[test]
fn cw721_mint_transfer_and_owner_of() {
    new_test_ext().execute_with(|| {
        let nft = nft_collection();
        mint(&nft, "picture-1", &ALICE);
        assert_eq!(
            owner_of(&nft, "picture-1"),
            json!({"owner": human(&ALICE), "approvals": []})
        );
        execute(
            &ALICE,
            &nft,
            json!({"transfer_nft": {"recipient": human(&BOB), "token_id": "picture-1"}}),
        );
        assert_eq!(owner_of(&nft, "picture-1")["owner"], human(&BOB));
        // Alice no longer owns it.
        let outcome = call(&nft)
            .input(bytes(
                &json!({"transfer_nft": {"recipient": human(&ALICE), "token_id": "picture-1"}}),
            ))
            .build();
        assert_eq!(outcome.result, Err(Error::<Test>::ContractFailed.into()));
        assert_eq!(query(&nft, json!({"num_tokens": {}})), json!({"count": 1}));
    });
}

#[test]
fn cw721_approve_revoke_and_send() {
    new_test_ext().execute_with(|| {
        let nft = nft_collection();
        let receiver = receiver();
        mint(&nft, "t1", &ALICE);
        execute(
            &ALICE,
            &nft,
            json!({"approve": {"spender": human(&BOB), "token_id": "t1"}}),
        );
        assert_eq!(
            owner_of(&nft, "t1")["approvals"],
            json!([{"spender": human(&BOB), "expires": {"never": {}}}])
        );
        execute(
            &ALICE,
            &nft,
            json!({"revoke": {"spender": human(&BOB), "token_id": "t1"}}),
        );
        assert_eq!(owner_of(&nft, "t1")["approvals"], json!([]));
        execute(
            &ALICE,
            &nft,
            json!({"approve": {"spender": human(&BOB), "token_id": "t1"}}),
        );
        // Bob, approved, sends Alice's token to the receiving contract.
        let hook = json!({"why": "gift"});
        execute(
            &BOB,
            &nft,
            json!({"send_nft": {"contract": human(&receiver), "token_id": "t1", "msg": base64(&hook)}}),
        );
        assert_eq!(owner_of(&nft, "t1")["owner"], human(&receiver));
        assert_eq!(
            query(&receiver, json!({"record": {}}))["nfts"],
            json!([[human(&nft), human(&BOB), "t1", base64(&hook)]])
        );
    });
}

#[test]
fn cw721_tokens_page_in_key_order() {
    new_test_ext().execute_with(|| {
        let nft = nft_collection();
        for id in ["delta", "alpha", "echo", "charlie", "bravo"] {
            mint(&nft, id, &BOB);
        }
        mint(&nft, "zulu", &ALICE);
        let tokens = |start_after: Option<&str>| {
            let mut msg = json!({"tokens": {"owner": human(&BOB), "limit": 3}});
            if let Some(start) = start_after {
                msg["tokens"]["start_after"] = json!(start);
            }
            query(&nft, msg)["tokens"].clone()
        };
        assert_eq!(tokens(None), json!(["alpha", "bravo", "charlie"]));
        assert_eq!(tokens(Some("charlie")), json!(["delta", "echo"]));
        assert_eq!(
            query(&nft, json!({"all_tokens": {"start_after": "delta"}}))["tokens"],
            json!(["echo", "zulu"])
        );
        assert_eq!(query(&nft, json!({"num_tokens": {}})), json!({"count": 6}));
    });
}
