//! ink!'s example contracts, written here as their authors write them and
//! built by cargo-contract, through the pallet's extrinsics: erc721,
//! erc1155, a multisig wallet driving other contracts, a name registry.
//! Each flow checks values, events, the errors that revert with no
//! storage change, and deposits.

use codec::Decode;
use runtime_vm_fixtures::InkMetadata;

use super::deposit::storage_of;
use super::ink::message_ok;
use super::*;

/// Someone who is neither Alice nor Bob.
const CAROL: AccountId32 = AccountId32::new([0xCA; 32]);

/// An ink! contract deployed by Alice through the pallet, and its metadata.
struct Contract {
    address: AccountId32,
    metadata: InkMetadata,
}

impl Contract {
    /// Deploys the fixture `name` (its wasm `code`) with `constructor(args)`.
    fn deploy(code: &[u8], name: &str, constructor: &str, args: impl Encode) -> Self {
        let metadata = InkMetadata::of(name);
        let address = deploy(code, &metadata.constructor(constructor, &args.encode()));
        Self { address, metadata }
    }

    fn input(&self, message: &str, args: impl Encode) -> Vec<u8> {
        self.metadata.message(message, &args.encode())
    }

    /// Runs `message(args)` as `who`; it must succeed.
    fn run(&self, who: AccountId32, message: &str, args: impl Encode) {
        let input = self.input(message, args);
        assert_ok!(call(&self.address).origin(who).input(&input).dispatch());
    }

    /// `message(args)` as `who` reverts with the contract's error `error`
    /// (its index) and changes nothing.
    fn refuses(&self, who: AccountId32, message: &str, args: impl Encode, error: u8) {
        let input = self.input(message, args);
        assert_fails(
            || {
                call(&self.address)
                    .origin(who.clone())
                    .input(&input)
                    .dispatch()
            },
            Error::<Test>::ContractReverted,
        );
        let dry = dry_call(who, &self.address, &input);
        assert_eq!(
            message_ok::<Result<(), u8>>(&dry.return_data),
            Err(error),
            "{message}"
        );
    }

    /// The `Ok` value of `message(args)`, queried by a dry run.
    fn query<R: Decode>(&self, message: &str, args: impl Encode) -> R {
        message_ok(&dry_call(ALICE, &self.address, &self.input(message, args)).return_data)
    }

    /// The contract events of the last extrinsic's, as `(topics, data)`.
    fn events(&self) -> Vec<(Vec<H256>, Vec<u8>)> {
        pallet_events()
            .into_iter()
            .filter_map(|event| match event {
                Event::ContractEmitted {
                    contract,
                    topics,
                    data,
                } if contract == self.address => Some((topics, data)),
                _ => None,
            })
            .collect()
    }
}

/// An `#[ink(topic)]` field's topic: its encoding, zero-padded to 32 bytes.
fn topic(value: impl Encode) -> H256 {
    let mut topic = [0; 32];
    let encoded = value.encode();
    topic[..encoded.len()].copy_from_slice(&encoded);
    H256(topic)
}

#[test]
fn erc721_mints_transfers_approves_and_burns() {
    new_test_ext().execute_with(|| {
        let nft = Contract::deploy(fixtures::INK_ERC721, "ink_erc721", "new", ());
        System::reset_events();
        nft.run(ALICE, "mint", 7u32);
        // ink! 5's topics: the signature, then each `#[ink(topic)]` field
        // (an `Option<AccountId>` as its account, a `u32` zero-padded).
        let [(topics, data)] = nft.events().try_into().expect("one event");
        assert_eq!(topics[0], H256(nft.metadata.event_topic("Transfer")));
        assert_eq!(topics[2..], [H256(raw(&ALICE)), topic(7u32)]);
        assert_eq!(data, (None::<[u8; 32]>, Some(raw(&ALICE)), 7u32).encode());
        assert_eq!(
            nft.query::<Option<[u8; 32]>>("owner_of", 7u32),
            Some(raw(&ALICE))
        );
        assert_eq!(nft.query::<u32>("balance_of", raw(&ALICE)), 1);
        // Errors revert: the token exists, Bob does not own it.
        nft.refuses(BOB, "mint", 7u32, 2);
        nft.refuses(BOB, "transfer", (raw(&CAROL), 7u32), 1);

        nft.run(ALICE, "transfer", (raw(&BOB), 7u32));
        nft.run(BOB, "approve", (raw(&CAROL), 7u32));
        assert_eq!(
            nft.query::<Option<[u8; 32]>>("get_approved", 7u32),
            Some(raw(&CAROL))
        );
        nft.run(CAROL, "transfer_from", (raw(&BOB), raw(&ALICE), 7u32));
        assert_eq!(
            nft.query::<Option<[u8; 32]>>("owner_of", 7u32),
            Some(raw(&ALICE))
        );
        assert_eq!(nft.query::<Option<[u8; 32]>>("get_approved", 7u32), None);
        nft.run(ALICE, "set_approval_for_all", (raw(&BOB), true));
        assert!(nft.query::<bool>("is_approved_for_all", (raw(&ALICE), raw(&BOB))));

        // Burning gives back what the token's entries were paid.
        let (_, items, deposit) = storage_of(&nft.address);
        nft.run(ALICE, "burn", 7u32);
        let (_, items_after, deposit_after) = storage_of(&nft.address);
        assert!(items_after < items && deposit_after < deposit);
        assert_eq!(nft.query::<Option<[u8; 32]>>("owner_of", 7u32), None);
    });
}

#[test]
fn erc1155_creates_token_types_and_moves_them_with_operators() {
    new_test_ext().execute_with(|| {
        let tokens = Contract::deploy(fixtures::INK_ERC1155, "ink_erc1155", "new", ());
        tokens.run(ALICE, "create", 100u128);
        tokens.run(ALICE, "create", 5u128);
        tokens.run(ALICE, "mint", (2u128, 5u128));
        tokens.refuses(ALICE, "mint", (3u128, 1u128), 0);
        let transfer = (raw(&ALICE), raw(&BOB), 1u128, 30u128, Vec::<u8>::new());
        System::reset_events();
        tokens.run(ALICE, "safe_transfer_from", transfer.clone());
        let [(topics, data)] = tokens.events().try_into().expect("one event");
        assert_eq!(
            topics[0],
            H256(tokens.metadata.event_topic("TransferSingle"))
        );
        assert_eq!(
            data,
            (
                Some(raw(&ALICE)),
                Some(raw(&ALICE)),
                Some(raw(&BOB)),
                1u128,
                30u128
            )
                .encode()
        );
        let owners = vec![raw(&ALICE), raw(&BOB)];
        assert_eq!(
            tokens.query::<Vec<u128>>("balance_of_batch", (owners, vec![1u128, 2u128])),
            [70, 10, 30, 0]
        );

        // Bob may not move Alice's tokens until she makes him her operator.
        tokens.refuses(BOB, "safe_transfer_from", transfer.clone(), 2);
        tokens.run(ALICE, "set_approval_for_all", (raw(&BOB), true));
        tokens.run(BOB, "safe_transfer_from", transfer);
        assert_eq!(tokens.query::<u128>("balance_of", (raw(&BOB), 1u128)), 60);
        tokens.refuses(
            BOB,
            "safe_transfer_from",
            (raw(&BOB), raw(&CAROL), 1u128, 61u128, Vec::<u8>::new()),
            3,
        );
    });
}

/// pallet-contracts' multisig transaction, as the wallet stores it.
#[derive(Encode, Decode)]
struct Transaction {
    callee: [u8; 32],
    selector: [u8; 4],
    input: Vec<u8>,
    transferred_value: u128,
    ref_time_limit: u64,
}

#[test]
fn a_multisig_runs_a_call_once_enough_owners_confirm_it() {
    new_test_ext().execute_with(|| {
        let owners = vec![raw(&ALICE), raw(&BOB), raw(&CAROL)];
        let wallet = Contract::deploy(
            fixtures::INK_MULTISIG,
            "ink_multisig",
            "new",
            (2u32, owners),
        );
        let counter = Contract::deploy(fixtures::INK_INCREMENTER, "ink_incrementer", "new", 0i32);
        // The wallet pays 100 into the counter's payable `deposit`.
        assert_ok!(Balances::transfer_allow_death(
            RuntimeOrigin::signed(ALICE),
            wallet.address.clone(),
            1_000
        ));
        let deposit = counter.input("deposit", ());
        let transaction = Transaction {
            callee: raw(&counter.address),
            selector: deposit[..4].try_into().unwrap(),
            input: Vec::new(),
            transferred_value: 100,
            ref_time_limit: 0,
        };
        wallet.refuses(BOB, "confirm_transaction", 0u32, 1);
        wallet.run(ALICE, "submit_transaction", &transaction);
        assert_eq!(wallet.query::<u32>("confirmations_of", 0u32), 1);
        // One confirmation of two: not yet; only owners confirm.
        wallet.refuses(ALICE, "invoke_transaction", 0u32, 4);
        wallet.refuses(AccountId32::new([9; 32]), "confirm_transaction", 0u32, 0);
        wallet.refuses(ALICE, "confirm_transaction", 0u32, 2);

        let before = Balances::balance(&counter.address);
        wallet.run(BOB, "confirm_transaction", 0u32);
        System::reset_events();
        wallet.run(CAROL, "invoke_transaction", 0u32);
        assert_eq!(Balances::balance(&counter.address), before + 100);
        let funds = counter.query::<(u128, u128)>("funds", ());
        assert_eq!(funds.0, 100, "the counter's received total");
        let [(topics, _)] = wallet.events().try_into().expect("Execution");
        assert_eq!(topics[0], H256(wallet.metadata.event_topic("Execution")));
        // Run once: it is gone.
        assert!(wallet
            .query::<Option<Transaction>>("transaction", 0u32)
            .is_none());
        wallet.refuses(CAROL, "invoke_transaction", 0u32, 1);

        // A call that fails reverts the invocation: the transaction stays.
        let failing = Transaction {
            transferred_value: 1,
            selector: counter.input("inc", 1i32)[..4].try_into().unwrap(),
            input: 1i32.encode(),
            ..transaction
        };
        wallet.run(ALICE, "submit_transaction", &failing);
        wallet.run(BOB, "confirm_transaction", 1u32);
        wallet.refuses(ALICE, "invoke_transaction", 1u32, 5);
        assert!(wallet
            .query::<Option<Transaction>>("transaction", 1u32)
            .is_some());
    });
}

#[test]
fn a_name_registry_keeps_names_for_their_owners() {
    new_test_ext().execute_with(|| {
        let names = Contract::deploy(fixtures::INK_NAME_REGISTRY, "ink_name_registry", "new", ());
        let name = [0x4Eu8; 32];
        names.run(ALICE, "register", name);
        names.refuses(BOB, "register", name, 0);
        names.refuses(BOB, "set_address", (name, raw(&BOB)), 1);
        names.run(ALICE, "set_address", (name, raw(&CAROL)));
        assert_eq!(names.query::<[u8; 32]>("get_address", name), raw(&CAROL));
        assert_eq!(names.query::<[u8; 32]>("get_address", [1u8; 32]), [0; 32]);
        System::reset_events();
        names.run(ALICE, "transfer", (name, raw(&BOB)));
        let [(topics, _)] = names.events().try_into().expect("Transfer");
        assert_eq!(topics[0], H256(names.metadata.event_topic("Transfer")));
        assert_eq!(
            names.query::<Option<[u8; 32]>>("get_owner", name),
            Some(raw(&BOB))
        );
        names.refuses(ALICE, "transfer", (name, raw(&ALICE)), 1);
        names.run(BOB, "set_address", (name, raw(&BOB)));
        assert_eq!(names.query::<[u8; 32]>("get_address", name), raw(&BOB));
    });
}
