//! Value: transfers through the currency, issuance conserved.

use super::*;

#[test]
fn value_moves_through_the_currency_and_issuance_is_conserved() {
    new_test_ext().execute_with(|| {
        let issuance = Balances::total_issuance();
        let context = deploy(fixtures::CONTEXT, &[]);
        // A contract's account is created with the existential deposit (see `deposits.rs`).
        assert_eq!(Balances::balance(&context), ED);
        let alice = Balances::balance(&ALICE);
        assert_ok!(call(&context).input(vec![0]).value(500).dispatch());
        assert_eq!(Balances::balance(&context), ED + 500);
        assert_eq!(Balances::balance(&ALICE), alice - 500);

        // The contract pays Bob 200 of it.
        let pay = |amount: u128| token_op(1, &[&raw(&BOB), &amount.to_le_bytes()]);
        let dry = dry_call(ALICE, &context, &pay(200));
        assert_eq!(dry.return_data, [0]);
        assert_ok!(call(&context).input(pay(200)).dispatch());
        assert_eq!(
            (Balances::balance(&context), Balances::balance(&BOB)),
            (ED + 300, INITIAL_BALANCE + 200)
        );
        // It sees 300 and may send all of it (its account keeps the
        // existential deposit); more fails, and the contract sees 1 and carries on.
        let seen = dry_call(ALICE, &context, &token_op(2, &[&raw(&context)]));
        assert_eq!(seen.return_data, 300u128.to_le_bytes());
        assert_eq!(dry_call(ALICE, &context, &pay(301)).return_data, [1]);
        assert_eq!(dry_call(ALICE, &context, &pay(300)).return_data, [0]);
        assert_eq!(Balances::total_issuance(), issuance);

        // A payee that would stay below the existential deposit is refused.
        let fresh = AccountId32::new([0x77; 32]);
        let pay_fresh = |amount: u128| token_op(1, &[&raw(&fresh), &amount.to_le_bytes()]);
        assert_eq!(
            dry_call(ALICE, &context, &pay_fresh(ED - 1)).return_data,
            [1]
        );
        assert_eq!(dry_call(ALICE, &context, &pay_fresh(ED)).return_data, [0]);

        // A caller who cannot pay the value gets a named error and nothing moves.
        let poor = AccountId32::new([0x99; 32]);
        assert_fails(
            || {
                call(&context)
                    .origin(poor.clone())
                    .input(vec![0])
                    .value(5)
                    .dispatch()
            },
            Error::<Test>::InsufficientBalance,
        );
    });
}

#[test]
fn context_reaches_the_contract() {
    new_test_ext().execute_with(|| {
        let context = deploy(fixtures::CONTEXT, &[]);
        let out = dry_call(BOB, &context, &[0]).return_data;
        assert_eq!(out[..32], raw(&BOB));
        assert_eq!(out[32..64], raw(&context));
        assert_eq!(
            u64::from_le_bytes(out[80..88].try_into().unwrap()),
            1,
            "block number"
        );
        assert_eq!(
            u64::from_le_bytes(out[88..96].try_into().unwrap()),
            NOW_MS,
            "timestamp in ms"
        );
    });
}
