//! Value: transfers through the currency, issuance conserved.

use super::*;

#[test]
fn value_moves_through_the_currency_and_issuance_is_conserved() {
    new_test_ext().execute_with(|| {
        let issuance = Balances::total_issuance();
        let context = deploy(fixtures::CONTEXT, &[]);
        assert_ok!(call(&context).input(vec![0]).value(500).dispatch());
        assert_eq!(Balances::balance(&context), 500);
        assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - 500);

        // The contract pays Bob 200 of it.
        let pay = |amount: u128| token_op(1, &[&raw(&BOB), &amount.to_le_bytes()]);
        let dry = dry_call(ALICE, &context, &pay(200));
        assert_eq!(dry.return_data, [0]);
        assert_ok!(call(&context).input(pay(200)).dispatch());
        assert_eq!(
            (Balances::balance(&context), Balances::balance(&BOB)),
            (300, INITIAL_BALANCE + 200)
        );
        // It may not drop below the existential deposit: the contract sees 1 and carries on.
        assert_eq!(
            dry_call(ALICE, &context, &pay(300 - ED + 1)).return_data,
            [1]
        );
        assert_eq!(dry_call(ALICE, &context, &pay(300 - ED)).return_data, [0]);
        assert_eq!(Balances::total_issuance(), issuance);

        // The contract sees its balance including value sent with the call.
        let seen = dry_call(ALICE, &context, &token_op(2, &[&raw(&context)]));
        assert_eq!(seen.return_data, 300u128.to_le_bytes());

        // Value that would leave a fresh contract account below the existential deposit is refused.
        let counter = deploy(fixtures::COUNTER, &[]);
        assert_fails(
            || call(&counter).input(vec![0]).value(ED - 1).dispatch(),
            Error::<Test>::TransferFailed,
        );
        assert_ok!(call(&counter).input(vec![0]).value(ED).dispatch());
        assert_eq!(Balances::balance(&counter), ED);

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
