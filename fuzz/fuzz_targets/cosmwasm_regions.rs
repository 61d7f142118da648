//! A CosmWasm contract hands the VM whatever pointers and bytes it likes:
//! Regions anywhere (overlapping, out of memory, lengths past capacities)
//! to any import, and any bytes as its result's JSON. The VM must answer
//! each with a named error or trap, never a panic.
//!
//! One fixed contract reads its instructions from the message the fuzzer
//! writes: `[op: u8][a: u32][b: u32][c: u32][result: u32][bytes...]`. It
//! calls import `op` (mod 16) with Region pointers made of `a`, `b` and `c`,
//! then returns the Region made of `result`. Each word with its top bit set
//! is a raw pointer (the rest of the word: anywhere, to anything); otherwise
//! its low half is an offset into the message and its high half a length,
//! and the contract writes a Region over those message bytes, so the
//! fuzzer's own bytes become the keys, addresses, signatures, query JSON and
//! result JSON the VM reads.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use runtime_vm::testing::MockHost;
use runtime_vm::{BlockContext, CwChain, CwEntry, CwRequest};
use runtime_vm_fuzz::vm;
use runtime_vm_hostile::CwModule;

const CONTRACT: [u8; 32] = [0xC0; 32];

/// The import each `op` calls, with `$a`, `$b` and `$c` as its arguments.
const CALLS: [&str; 16] = [
    "",
    "(drop (call $db_read (local.get $a)))",
    "(call $db_write (local.get $a) (local.get $b))",
    "(call $db_remove (local.get $a))",
    "(drop (call $db_next (call $db_scan (local.get $a) (local.get $b) (i32.const 1))))",
    "(drop (call $addr_validate (local.get $a)))",
    "(drop (call $addr_canonicalize (local.get $a) (local.get $b)))",
    "(drop (call $addr_humanize (local.get $a) (local.get $b)))",
    "(drop (call $secp256k1_verify (local.get $a) (local.get $b) (local.get $c)))",
    "(drop (call $secp256k1_recover_pubkey (local.get $a) (local.get $b) (local.get $c)))",
    "(drop (call $ed25519_verify (local.get $a) (local.get $b) (local.get $c)))",
    "(drop (call $ed25519_batch_verify (local.get $a) (local.get $b) (local.get $c)))",
    "(call $debug (local.get $a))",
    "(drop (call $query_chain (local.get $a)))",
    "(call $abort (local.get $a))",
    "(drop (call $db_next_key (call $db_scan (local.get $a) (local.get $b) (i32.const 2))))",
];

/// The contract: see the module docs.
fn contract() -> &'static [u8] {
    static CODE: OnceLock<Vec<u8>> = OnceLock::new();
    CODE.get_or_init(|| {
        // `br_table` in the innermost block; case `op` runs where block `$op{op}` ends.
        let targets: Vec<String> = (0..CALLS.len()).map(|op| format!("$op{op}")).collect();
        let mut cases = format!(
            "(br_table {} (i32.and (i32.load8_u (local.get $r)) (i32.const 15)))",
            targets.join(" ")
        );
        for (op, call) in CALLS.iter().enumerate() {
            cases = format!("(block $op{op} {cases}) {call} (br $done)\n");
        }
        let body = format!(
            "(local $a i32) (local $b i32) (local $c i32) (local $w i32)
             (local.set $r (i32.load (local.get 2)))
             (if (i32.lt_u (i32.load offset=8 (local.get 2)) (i32.const 17))
               (then (return (i32.const 0x100))))
             {a} {b} {c}
             (block $done {cases})
             {result}
             (return (local.get $w))",
            a = region_of(1, 0, "$a"),
            b = region_of(5, 1, "$b"),
            c = region_of(9, 2, "$c"),
            result = region_of(13, 3, "$w"),
        );
        CwModule::new(&body).build()
    })
}

/// Wat setting `local` to the Region pointer the message's word at
/// `offset` describes (see the module docs), writing the Region into the
/// contract's Region slot `slot` when the word describes message bytes.
fn region_of(offset: u32, slot: u32, local: &str) -> String {
    let slot = runtime_vm_hostile::slot(slot);
    format!(
        "(local.set $w (i32.load offset={offset} (local.get $r)))
         (if (i32.lt_s (local.get $w) (i32.const 0))
           (then (local.set {local} (i32.and (local.get $w) (i32.const 0x7fffffff))))
           (else
             (i32.store (i32.const {slot})
               (i32.add (local.get $r) (i32.and (local.get $w) (i32.const 0xffff))))
             (i32.store (i32.const {capacity}) (i32.shr_u (local.get $w) (i32.const 16)))
             (i32.store (i32.const {length}) (i32.shr_u (local.get $w) (i32.const 16)))
             (local.set {local} (i32.const {slot}))))",
        capacity = slot + 4,
        length = slot + 8,
    )
}

fuzz_target!(|message: &[u8]| {
    let mut host = MockHost::new();
    host.add_contract(CONTRACT, contract().to_vec());
    let chain = CwChain {
        chain_id: "fuzz".into(),
        denom: "UNIT".into(),
        ss58_prefix: 42,
        total_supply: 1 << 64,
    };
    let request = CwRequest {
        entry: CwEntry::Execute(message.to_vec()),
        contract: CONTRACT,
        sender: [0xA1; 32],
        funds: 0,
        gas_limit: 50_000_000,
        block: BlockContext::default(),
        chain: &chain,
        transaction_index: Some(1),
        collect_debug: true,
    };
    // A named error (`Err`) or an outcome: both are answers.
    let _ = vm().execute_cosmwasm(&mut host, request);
});
