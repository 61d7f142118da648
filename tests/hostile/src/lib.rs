//! Hostile contracts: a builder per attack a contract author can make on the
//! node's time or memory, shared by runtime-vm's tests (which assert the fuel
//! charged against the work the host counted) and vm-bench's "hostile"
//! section (which measures wall time per charged fuel).
//!
//! Every attack is a complete module for one ABI. CosmWasm ones are built by
//! [`CwModule`]: all imports as `$name`, 256 pages of memory, a bump
//! `allocate`, an `instantiate` that makes the state the attack needs, and
//! an `execute` that runs a body and returns a fixed result.
//! Native ones by [`native`]: the native imports, one page, an `execute`
//! with a loop counter `$i`. ink! ones by [`ink`]: the ink! imports (as
//! [`wat_id`] names them), an imported page, a `call` with a loop counter
//! `$i`. Attacks on compile time (modules of one
//! function shape each) are the [`compile`] module's.

use runtime_vm::abi::{self, Abi, Import};

pub mod attacks;
pub mod compile;

/// Where the CosmWasm modules keep what they hand the host.
pub const SCRATCH: u32 = 0x1000;
/// Where their `allocate` starts handing out Regions (above all data).
const HEAP: u32 = 8 << 20;
/// The Region of the result their `execute` returns.
const RESULT_REGION: u32 = 0x100;
/// Fixed Regions a body can point the imports at (see [`slot`]).
const REGIONS: u32 = 0x200;
/// Where the result's JSON lives (above the heap's reach in these attacks).
const RESULT: u32 = 12 << 20;
/// An empty CosmWasm `Response`, as `execute` returns it by default.
const EMPTY_RESPONSE: &[u8] = br#"{"ok":{"messages":[],"attributes":[],"events":[],"data":null}}"#;

/// The storage key [`reentrant_allocate`] reads (its `instantiate` stores it).
const REENTRY_KEY: &[u8] = b"k";

/// Wat imports of every entry of an ABI's import table, each as its
/// [`wat_id`].
pub fn imports_wat(table: &[Import]) -> String {
    let mut wat = String::new();
    for import in table {
        let Import {
            module,
            name,
            signature,
            ..
        } = import;
        let params: Vec<String> = signature.params.iter().map(|t| t.to_string()).collect();
        let results: Vec<String> = signature.results.iter().map(|t| t.to_string()).collect();
        wat.push_str(&format!(
            "  (import \"{module}\" \"{name}\" (func {} (param {}) (result {})))\n",
            wat_id(import),
            params.join(" "),
            results.join(" ")
        ));
    }
    wat
}

/// The wat identifier [`imports_wat`] gives `import`: `$name` for the
/// imports from `env` (native and CosmWasm), `$module.name` for the
/// others (ink!'s `seal0`, `seal1` and `seal2` share names).
pub fn wat_id(import: &Import) -> String {
    match import.module {
        "env" => format!("${}", import.name),
        module => format!("${module}.{}", import.name),
    }
}

/// The 12-byte Region `{offset, capacity = length, length}`.
fn region(offset: u32, len: usize) -> Vec<u8> {
    let len = len as u32;
    [offset, len, len]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect()
}

/// The wat string literal of `bytes`.
pub fn escaped(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

/// The pointer of Region slot `n` of a [`CwModule`].
pub fn slot(n: u32) -> u32 {
    REGIONS + 12 * n
}

/// `body` `count` times, in a loop counting down `$i`.
pub fn repeat(count: u32, body: &str) -> String {
    format!(
        "(local.set $i (i32.const {count}))
         (loop $l {body}
           (local.set $i (i32.sub (local.get $i) (i32.const 1)))
           (br_if $l (local.get $i)))"
    )
}

/// A CosmWasm module under construction (see the crate docs).
pub struct CwModule {
    data: Vec<(u32, Vec<u8>)>,
    allocate_hook: String,
    setup: String,
    body: String,
    result: Vec<u8>,
}

impl CwModule {
    /// A module whose `execute` runs `body` (with locals `$i` and `$r`).
    pub fn new(body: &str) -> Self {
        Self {
            data: Vec::new(),
            allocate_hook: String::new(),
            setup: String::new(),
            body: body.into(),
            result: EMPTY_RESPONSE.to_vec(),
        }
    }

    /// Places `bytes` at `offset` and a Region of them at [`slot`]`(n)`.
    pub fn region(mut self, n: u32, offset: u32, bytes: &[u8]) -> Self {
        self.data.push((slot(n), region(offset, bytes.len())));
        self.data.push((offset, bytes.to_vec()));
        self
    }

    /// A Region at [`slot`]`(n)` over `len` bytes at `offset` that stay zero.
    pub fn zeroed_region(mut self, n: u32, offset: u32, len: usize) -> Self {
        self.data.push((slot(n), region(offset, len)));
        self
    }

    /// What `execute` returns instead of an empty `Response`.
    pub fn result(mut self, result: &[u8]) -> Self {
        self.result = result.to_vec();
        self
    }

    /// What `instantiate` runs (with locals `$i` and `$r`) before it
    /// returns the result: the state the attack needs, made by the contract
    /// itself, so that it runs alike on a node and on a test host.
    pub fn setup(mut self, setup: &str) -> Self {
        self.setup = setup.into();
        self
    }

    /// Code `allocate` runs before it allocates.
    pub fn allocate_hook(mut self, hook: &str) -> Self {
        self.allocate_hook = hook.into();
        self
    }

    /// The module's wasm.
    ///
    /// # Panics
    ///
    /// If the body or hook is not valid wat (a bug in the caller).
    pub fn build(mut self) -> Vec<u8> {
        self.data
            .push((RESULT_REGION, region(RESULT, self.result.len())));
        self.data.push((RESULT, self.result.clone()));
        let mut wat = String::from("(module\n");
        wat.push_str(&imports_wat(abi::cosmwasm::IMPORTS));
        wat.push_str("  (memory (export \"memory\") 256)\n");
        for (offset, bytes) in &self.data {
            wat.push_str(&format!(
                "  (data (i32.const {offset}) \"{}\")\n",
                escaped(bytes)
            ));
        }
        wat.push_str(&format!(
            r#"  (global $bump (mut i32) (i32.const {HEAP}))
  (func (export "interface_version_8"))
  (func (export "allocate") (param $size i32) (result i32) (local $region i32)
    {hook}
    (local.set $region (global.get $bump))
    (i32.store (local.get $region) (i32.add (local.get $region) (i32.const 12)))
    (i32.store offset=4 (local.get $region) (local.get $size))
    (i32.store offset=8 (local.get $region) (i32.const 0))
    (global.set $bump (i32.add (local.get $region) (i32.add (local.get $size) (i32.const 12))))
    (local.get $region))
  (func (export "deallocate") (param i32))
  (func (export "instantiate") (param i32 i32 i32) (result i32) (local $i i32) (local $r i32)
    {setup}
    (i32.const {RESULT_REGION}))
  (func (export "execute") (param i32 i32 i32) (result i32) (local $i i32) (local $r i32)
    {body}
    (i32.const {RESULT_REGION})))"#,
            hook = self.allocate_hook,
            setup = self.setup,
            body = self.body,
        ));
        wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad hostile wat: {e}"))
    }
}

/// A native module whose `execute` (with a local `$i`) runs `body`, with
/// `data` at offset 0 of its one page.
///
/// # Panics
///
/// If `body` is not valid wat.
pub fn native(data: &[u8], body: &str) -> Vec<u8> {
    let wat = format!(
        "(module\n{}  (memory (export \"memory\") 1)\n  (data (i32.const 0) \"{}\")\n  \
         (func (export \"execute\") (param i32 i32) (result i32) (local $i i32) {body} (i32.const 0)))",
        imports_wat(abi::native::IMPORTS),
        escaped(data)
    );
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad hostile wat: {e}"))
}

/// An ink! module: every ink! import, one page of memory imported from
/// `env.memory` (at most 16, pallet-contracts' default), `data` at 0, an
/// empty `deploy`, and a `call` running `body` with a loop counter `$i`.
pub fn ink(data: &[u8], body: &str) -> Vec<u8> {
    let wat = format!(
        "(module\n{}  (import \"env\" \"memory\" (memory 1 16))\n  (data (i32.const 0) \"{}\")\n  \
         (func (export \"deploy\"))\n  (func (export \"call\") (local $i i32) {body}))",
        imports_wat(abi::ink::IMPORTS),
        escaped(data)
    );
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad hostile wat: {e}"))
}

// ---- the attacks -----------------------------------------------------------

/// The bank-balance query of an `address_len`-byte address, as JSON.
pub fn long_address_request(address_len: usize) -> Vec<u8> {
    let address = "1".repeat(address_len);
    format!(r#"{{"bank":{{"balance":{{"address":"{address}","denom":"unit"}}}}}}"#).into_bytes()
}

/// `queries` bank-balance queries of an `address_len`-byte address, each
/// answer passed to `debug` (measured before the fix: one 60 KB address
/// took 50 s of base58 decoding).
pub fn long_address_queries(address_len: usize, queries: u32) -> Vec<u8> {
    let body = repeat(
        queries,
        &format!("(call $debug (call $query_chain (i32.const {})))", slot(0)),
    );
    CwModule::new(&body)
        .region(0, SCRATCH, &long_address_request(address_len))
        .build()
}

/// `scans` descending `db_scan`s over the whole storage, never iterated;
/// `instantiate` stores `keys` keys (4 bytes each, one-byte values) for them.
pub fn descending_scans(scans: u32, keys: u32) -> Vec<u8> {
    let body = repeat(
        scans,
        "(drop (call $db_scan (i32.const 0) (i32.const 0) (i32.const 2)))",
    );
    let key = SCRATCH;
    let write = format!(
        "(i32.store (i32.const {key}) (local.get $i)) (call $db_write (i32.const {}) (i32.const {}))",
        slot(0),
        slot(1)
    );
    CwModule::new(&body)
        .region(0, key, &[0; 4])
        .region(1, key + 4, &[1])
        .setup(&repeat(keys, &write))
        .build()
}

/// `times` `ed25519_batch_verify` calls of `count` valid signatures of one
/// shared `message`; traps unless every batch verifies.
pub fn batch_verify(message: &[u8], count: usize, times: u32) -> Vec<u8> {
    use ed25519_zebra::{SigningKey, VerificationKey};
    let key = SigningKey::from([7u8; 32]);
    let public: [u8; 32] = VerificationKey::from(&key).into();
    let signature = key.sign(message).to_bytes();
    let section = |bytes: &[u8]| [bytes, &(bytes.len() as u32).to_be_bytes()].concat();
    let messages = section(message);
    let signatures = section(&signature).repeat(count);
    let pubkeys = section(&public).repeat(count);
    let body = repeat(
        times,
        &format!(
            "(if (i32.ne (call $ed25519_batch_verify (i32.const {}) (i32.const {}) (i32.const {})) (i32.const 0))
               (then unreachable))",
            slot(0),
            slot(1),
            slot(2)
        ),
    );
    let signatures_at = SCRATCH + messages.len() as u32;
    let pubkeys_at = signatures_at + signatures.len() as u32;
    CwModule::new(&body)
        .region(0, SCRATCH, &messages)
        .region(1, signatures_at, &signatures)
        .region(2, pubkeys_at, &pubkeys)
        .build()
}

/// One `ed25519_batch_verify` whose messages Region is `len` bytes of
/// zeros (`len / 4` empty sections, where cosmwasm-vm allows 256); traps
/// unless it answers cosmwasm-crypto's batch error.
pub fn empty_sections(len: usize) -> Vec<u8> {
    let expected = cosmwasm_crypto::CryptoError::batch_err("").code();
    let body = format!(
        "(if (i32.ne (call $ed25519_batch_verify (i32.const {}) (i32.const {}) (i32.const {})) (i32.const {expected}))
           (then unreachable))",
        slot(0),
        slot(1),
        slot(1),
    );
    CwModule::new(&body)
        .zeroed_region(0, SCRATCH, len)
        .zeroed_region(1, SCRATCH, 0)
        .build()
}

/// `count` `debug_log` calls of 4 KiB of 0xFF (each 12 KiB once made UTF-8).
pub fn debug_flood(count: u32) -> Vec<u8> {
    native(
        &[0xFF; 4096],
        &repeat(count, "(call $debug_log (i32.const 0) (i32.const 4096))"),
    )
}

/// Return data of `len` bytes (at most a page), set once: what a dry run
/// hands back.
pub fn large_return(len: u32) -> Vec<u8> {
    native(
        &[],
        &format!("(call $set_return (i32.const 0) (i32.const {len}))"),
    )
}

/// `count` events of `len` bytes of data and no topics.
pub fn event_flood(count: u32, len: u32) -> Vec<u8> {
    native(
        &[],
        &repeat(
            count,
            &format!(
                "(call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const {len}))"
            ),
        ),
    )
}

/// A response JSON with `count` attributes of 8-byte keys and values.
pub fn response_with_attributes(count: usize) -> Vec<u8> {
    let attributes: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"key":"key{i:05}","value":"val{i:05}"}}"#))
        .collect();
    format!(
        r#"{{"ok":{{"messages":[],"attributes":[{}],"events":[],"data":null}}}}"#,
        attributes.join(",")
    )
    .into_bytes()
}

/// A CosmWasm contract returning `count` attributes.
pub fn attributes(count: usize) -> Vec<u8> {
    CwModule::new("")
        .result(&response_with_attributes(count))
        .build()
}

/// A CosmWasm contract whose response carries `len` bytes of `data`
/// (base64 in its JSON): what a dry run hands back.
pub fn response_data(len: usize) -> Vec<u8> {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(vec![0xA5; len]);
    let response =
        format!(r#"{{"ok":{{"messages":[],"attributes":[],"events":[],"data":"{data}"}}}}"#);
    CwModule::new("").result(response.as_bytes()).build()
}

/// An `allocate` that reads the key `k`, whose value the host hands back
/// through `allocate` again: host re-entry without end. `instantiate`
/// stores the key.
pub fn reentrant_allocate() -> Vec<u8> {
    CwModule::new("")
        .region(0, SCRATCH, REENTRY_KEY)
        .region(1, SCRATCH + 16, b"v")
        .allocate_hook(&format!("(drop (call $db_read (i32.const {})))", slot(0)))
        .setup(&format!(
            "(call $db_write (i32.const {}) (i32.const {}))",
            slot(0),
            slot(1)
        ))
        .build()
}

/// `count` transfers of nothing to the zero address.
pub fn transfer_loop(count: u32) -> Vec<u8> {
    native(
        &[],
        &repeat(
            count,
            "(drop (call $transfer (i32.const 64) (i32.const 128)))",
        ),
    )
}

// ---- library-call operators and cheap import paths ------------------------

/// Elements of the table [`operator_loop`] modules have (the default
/// `CodeLimits::max_table_elements`).
pub const TABLE_ELEMENTS: u32 = 4096;

/// Every library-call operator at the operand that costs the node most per
/// fuel charged: whole-table operations, and zero lengths where only the
/// call itself is paid for. Each is a native snippet for [`operator_loop`].
pub const LIBRARY_CALLS: &[(&str, &str)] = &[
    (
        "table.copy of 4 096 elements",
        "(table.copy (i32.const 0) (i32.const 0) (i32.const 4096))",
    ),
    (
        "table.fill of 4 096 elements",
        "(table.fill (i32.const 0) (ref.func $f) (i32.const 4096))",
    ),
    (
        "table.init of 4 096 elements",
        "(table.init $e (i32.const 0) (i32.const 0) (i32.const 4096))",
    ),
    (
        "table.grow by 4 096 (refused: at its maximum)",
        "(drop (table.grow (ref.null func) (i32.const 4096)))",
    ),
    (
        "table.grow by 0",
        "(drop (table.grow (ref.null func) (i32.const 0)))",
    ),
    (
        "memory.fill of 0 bytes",
        "(memory.fill (i32.const 0) (i32.const 0) (i32.const 0))",
    ),
    (
        "memory.copy of 0 bytes",
        "(memory.copy (i32.const 0) (i32.const 0) (i32.const 0))",
    ),
    (
        "memory.init of 0 bytes",
        "(memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))",
    ),
    (
        "memory.fill of 64 KiB",
        "(memory.fill (i32.const 0) (i32.const 0) (i32.const 65536))",
    ),
    ("memory.grow by 0", "(drop (memory.grow (i32.const 0)))"),
    ("elem.drop", "(elem.drop $e)"),
    ("data.drop", "(data.drop $d)"),
    ("ref.func", "(drop (ref.func $f))"),
    ("table.get", "(drop (table.get (i32.const 4095)))"),
];

/// How often [`operator_loop`]'s rows of [`INLINE_OPERATORS`] repeat their
/// snippet in one round of the loop: the loop's own code stays a small part.
pub const INLINE_REPEATS: usize = 16;

/// Every family of inline operators (`runtime_vm::operators::Family`), each
/// at its slowest per fuel charged: long-latency operations in a chain each
/// link of which waits for the last (through the locals `$x: i64` and
/// `$y: f64`), control flow that still costs a fuel check or a jump. Each is
/// a native snippet for [`operator_loop`], `(family, what, snippet)`.
/// Loads at their slowest, missing the caches over a large memory, are
/// [`memory_chase`]'s rows.
pub const INLINE_OPERATORS: &[(&str, &str, &str)] = &[
    ("Free", "nop", "(nop)"),
    (
        "Block",
        "block whose end flushes one fuel",
        "(block (drop (i32.const 0)))",
    ),
    (
        "Loop",
        "loop header (fuel flush and check), not looping",
        "(drop (i32.const 0)) (loop)",
    ),
    ("If", "if", "(if (local.get $i) (then))"),
    ("Branch", "br_if out of a block", "(block (br_if 0 (local.get $i)))"),
    (
        "BrTable",
        "br_table of 2 targets",
        "(block (block (br_table 0 1 (local.get $i))))",
    ),
    ("Exit", "return (from a called function)", "(call $r)"),
    ("Call", "call of an empty function", "(call $f)"),
    (
        "CallIndirect",
        "call_indirect of an empty function",
        "(call_indirect (i32.const 4095))",
    ),
    (
        "Plain",
        "i64.mul chain",
        "(local.set $x (i64.mul (local.get $x) (i64.const 3)))",
    ),
    (
        "Plain",
        "i64.load chain",
        "(local.set $x (i64.load (i32.wrap_i64 (i64.and (local.get $x) (i64.const 0xFFF8)))))",
    ),
    (
        "Plain",
        "select and globals",
        "(global.set $g (select (global.get $g) (local.get $i) (local.get $i)))",
    ),
    ("Plain", "memory.size", "(drop (memory.size))"),
    (
        "Division",
        "i64.div_u chain",
        "(local.set $x (i64.div_u (i64.const -1) (i64.or (local.get $x) (i64.const 3))))",
    ),
    (
        "Division",
        "i64.rem_s chain",
        "(local.set $x (i64.rem_s (i64.const 0x7fffffffffffffff) (i64.or (local.get $x) (i64.const 3))))",
    ),
    (
        "Float",
        "f64.mul chain",
        "(local.set $y (f64.mul (local.get $y) (f64.const 1.0000001)))",
    ),
    (
        "FloatHeavy",
        "f64.sqrt chain",
        "(local.set $y (f64.sqrt (f64.add (local.get $y) (f64.const 12345.678))))",
    ),
    (
        "FloatHeavy",
        "f64.div chain",
        "(local.set $y (f64.div (f64.const 1e300) (f64.add (local.get $y) (f64.const 3.3))))",
    ),
    ("FloatRounding", "f64.nearest chain", ROUNDING),
    (
        "FloatHeavy",
        "i64.trunc_f64_s round trip",
        "(local.set $y (f64.convert_i64_s (i64.trunc_f64_s (f64.add (local.get $y) (f64.const 1.5)))))",
    ),
    (
        "Float",
        "i64.trunc_sat_f64_u round trip",
        "(local.set $y (f64.convert_i64_u (i64.trunc_sat_f64_u (f64.sub (local.get $y) (f64.const 1.5)))))",
    ),
    ("FloatHeavy", "f32.min chain", "(local.set $y (f64.promote_f32 (f32.min (f32.demote_f64 (local.get $y)) (f32.const 1))))"),
    (
        "TableSet",
        "table.set",
        "(table.set (i32.const 0) (ref.null func))",
    ),
];

/// A link of a chain of `f64.nearest` (through `$y`), an operator the
/// versions of the semantics price differently: 20 fuel in version 1, 8 in
/// version 2.
pub const ROUNDING: &str = "(local.set $y (f64.nearest (f64.add (local.get $y) (f64.const 0.7))))";

/// A native contract rounding a float `count` times in a loop: each version
/// of the semantics charges it its own price, so tests see which one ran.
pub fn roundings(count: u32) -> Vec<u8> {
    operator_loop(ROUNDING, count)
}

/// A native module with a [`TABLE_ELEMENTS`]-element table (`$f` last), a
/// passive element segment `$e` of as many `$f` and a passive data segment
/// `$d`, a mutable `i32` global `$g`, a function `$r` that returns, whose `execute` (locals `$i`, `$x:
/// i64`, `$y: f64`) runs `snippet` `count` times. A custom section pads it
/// to the length whose compile-cost budget covers the start-up code that
/// writes the passive segment's elements (counted from version 4 of the
/// semantics).
///
/// # Panics
///
/// If `snippet` is not valid wat.
pub fn operator_loop(snippet: &str, count: u32) -> Vec<u8> {
    let elements = "(ref.func $f) ".repeat(TABLE_ELEMENTS as usize);
    let wat = format!(
        "(module\n{}  (memory (export \"memory\") 1)\n  \
         (table {TABLE_ELEMENTS} {TABLE_ELEMENTS} funcref)\n  \
         (elem declare func $f)\n  (elem (i32.const 4095) func $f)\n  (elem $e funcref {elements})\n  (data $d \"0123456789\")\n  \
         (global $g (mut i32) (i32.const 0))\n  (func $f)\n  (func $r (return))\n  \
         (func (export \"execute\") (param i32 i32) (result i32) \
         (local $i i32) (local $x i64) (local $y f64) {} (i32.const 0)))",
        imports_wat(abi::native::IMPORTS),
        repeat(count, snippet),
    );
    let code = wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad hostile wat: {e}"));
    use runtime_vm::compile_cost::{INSTANTIATED_ELEMENT, TABLE_ELEMENT};
    let units = u64::from(TABLE_ELEMENTS) * (INSTANTIATED_ELEMENT + TABLE_ELEMENT);
    let per_kib = u64::from(runtime_vm::Limits::default().code.max_compile_cost_per_kib);
    padded(code, (units * 1024 / per_kib) as usize)
}

/// `code` with a custom section of `len` bytes appended.
fn padded(mut code: Vec<u8>, len: usize) -> Vec<u8> {
    let section = wasm_encoder::CustomSection {
        name: "padding".into(),
        data: vec![0; len].into(),
    };
    code.push(wasm_encoder::SectionId::Custom as u8);
    wasm_encoder::Encode::encode(&section, &mut code);
    code
}

/// Memory grown to `pages` and filled (each page made its own, not the
/// kernel's shared zero page), then `count` rounds of [`INLINE_REPEATS`]
/// loads in a chain: each address is a hash of the last load's value, so
/// every load waits for the one before and lands anywhere in the memory,
/// missing the caches and the TLB as often as the memory's size makes it.
pub fn memory_chase(pages: u32, count: u32) -> Vec<u8> {
    let bytes = u64::from(pages) << 16;
    let link = format!(
        "(local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005))
           (i64.load (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 24))
                                            (i64.const {}))))))",
        bytes - 8
    );
    let wat = format!(
        "(module (memory (export \"memory\") 1)
           (func (export \"execute\") (param i32 i32) (result i32) (local $i i32) (local $x i64)
             (drop (memory.grow (i32.const {})))
             (memory.fill (i32.const 0) (i32.const 0x5A) (i32.const {bytes}))
             (local.set $x (i64.const 1))
             {}
             (i32.wrap_i64 (i64.and (local.get $x) (i64.const 0)))))",
        pages - 1,
        repeat(count, &link.repeat(INLINE_REPEATS)),
    );
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad hostile wat: {e}"))
}

/// A memory of `pages`, initial (`grown` false) or grown from one page,
/// with one byte written in each 4 KiB page of the host: every page the
/// slot does not keep resident between executions is faulted in and zeroed
/// by the kernel, and returned to it afterwards.
pub fn page_touches(pages: u32, grown: bool) -> Vec<u8> {
    let bytes = pages << 16;
    let (memory, grow) = match grown {
        true => (1, format!("(drop (memory.grow (i32.const {})))", pages - 1)),
        false => (pages, String::new()),
    };
    let wat = format!(
        "(module (memory (export \"memory\") {memory})
           (func (export \"execute\") (param i32 i32) (result i32) (local $i i32)
             {grow}
             (loop $l
               (i32.store8 (local.get $i) (i32.const 1))
               (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4096)))
                                   (i32.const {bytes}))))
             (i32.const 0)))"
    );
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad hostile wat: {e}"))
}

/// `count` native `keccak256` calls of an empty input (the hash still
/// absorbs one padded block).
pub fn empty_hashes(count: u32) -> Vec<u8> {
    native(
        &[],
        &repeat(
            count,
            "(drop (call $keccak256 (i32.const 0) (i32.const 0) (i32.const 64)))",
        ),
    )
}

/// `count` CosmWasm `secp256k1_recover_pubkey` calls with recovery
/// parameter 256, an early error (cosmwasm-crypto's
/// `InvalidRecoveryParam`); traps unless each answers that error's code.
pub fn invalid_recoveries(count: u32) -> Vec<u8> {
    let expected = u64::from(cosmwasm_crypto::CryptoError::invalid_recovery_param().code()) << 32;
    let body = repeat(
        count,
        &format!(
            "(if (i64.ne (call $secp256k1_recover_pubkey (i32.const {}) (i32.const {}) (i32.const 256))
                         (i64.const {expected}))
               (then unreachable))",
            slot(0),
            slot(1)
        ),
    );
    CwModule::new(&body)
        .zeroed_region(0, SCRATCH, 32)
        .zeroed_region(1, SCRATCH + 32, 64)
        .build()
}

/// A module of `abi` whose `execute` calls `import` once with every
/// argument `arg` (of the argument's type), dropping what it returns, then
/// traps: with -1, every pointer is out of bounds and every length over its
/// cap; with 0 or 256, CosmWasm Regions are empty (a zeroed header), native
/// lengths zero or small, and a recovery parameter 0 or out of range.
/// Without `call`, the same arguments are dropped instead: the difference
/// in fuel is what the call cost, whether or not it trapped itself.
pub fn import_call(abi: Abi, import: &Import, arg: i32, call: bool) -> Vec<u8> {
    let args = arguments(import, arg);
    let body = if call {
        let drops = "drop ".repeat(import.signature.results.len());
        format!("(call {} {args}) {drops} unreachable", wat_id(import))
    } else {
        let drops = "drop ".repeat(import.signature.params.len());
        format!("{args} {drops} unreachable")
    };
    module_of(abi, &body)
}

/// A module of `abi` whose `execute` calls `import` `count` times with
/// every argument `arg` (as [`import_call`]), dropping what it returns: a
/// call that traps ends it at the first.
pub fn import_loop(abi: Abi, import: &Import, arg: i32, count: u32) -> Vec<u8> {
    let drops = "drop ".repeat(import.signature.results.len());
    let call = format!(
        "(call {} {}) {drops}",
        wat_id(import),
        arguments(import, arg)
    );
    module_of(abi, &repeat(count, &call))
}

/// `arg` as a constant of each of `import`'s parameter types.
fn arguments(import: &Import, arg: i32) -> String {
    import
        .signature
        .params
        .iter()
        .map(|ty| format!("({ty}.const {arg})"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A module of `abi` whose `execute` runs `body`.
fn module_of(abi: Abi, body: &str) -> Vec<u8> {
    match abi {
        Abi::Native => native(&[], body),
        Abi::CosmWasm => CwModule::new(body).build(),
        Abi::Ink => ink(&[], body),
    }
}
