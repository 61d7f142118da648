//! Contracts the benchmarks run, generated inside the runtime with `wasm-encoder`.
//!
//! Every contract has 2 pages of memory (zeros, plus optional data at
//! [`DATA_OFFSET`]), an `alloc` that always returns 1024, a `deploy` that
//! returns 0, and an `execute` that reads an iteration count `n` from the
//! first 4 bytes of its input (0 without input) and runs a body `n` times.

use alloc::vec;
use alloc::vec::Vec;

use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, CustomSection, DataSection, ElementSection, Elements,
    EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection, Instruction,
    MemArg, MemorySection, MemoryType, Module, RefType, TableSection, TableType, TypeSection,
    ValType,
};

/// Where extra data (a callee's address, for one) is placed in memory.
pub const DATA_OFFSET: i32 = 4096;

/// Parameters of [`sized`]'s table functions: the arity whose functions
/// and trampolines compile slowest per unit of compile cost. Measured
/// (vm-bench, 2026-12-07, 1 MiB modules of table functions of 0 to 128
/// parameters, interleaved, the fastest of 4 compiles each): 24 parameters
/// 115-120 ns per unit; 11 (this module's arity before) 98-110; none
/// 95-109; 1 000 (`tests/hostile`'s `WideTableFunctions`) ~85. The hostile
/// suite's `TableFunctions` shape has the same arity (its
/// `compile::TABLE_FUNCTION_PARAMS`; a test checks they agree).
pub const TABLE_FUNCTION_PARAMS: u32 = 24;

/// Compile cost of one of [`sized`]'s tiny functions in the table
/// (runtime-vm's `compile_cost` model, version 4 of the semantics): its
/// body's 3 bytes, the function (256) with its parameters (a unit each),
/// its `end` (1), its trampoline (800 + 48 per parameter + one unit per
/// 8 of their square) and its table element (4).
pub const TABLE_FUNCTION_COST: u32 = 3
    + 256
    + TABLE_FUNCTION_PARAMS
    + 1
    + 800
    + 48 * TABLE_FUNCTION_PARAMS
    + TABLE_FUNCTION_PARAMS * TABLE_FUNCTION_PARAMS / 8
    + 4;

/// A host function the loop body calls.
pub struct Import {
    /// Name in module `env`.
    pub name: &'static str,
    /// Parameter types.
    pub params: &'static [ValType],
    /// Result types.
    pub results: &'static [ValType],
}

const fn import(
    name: &'static str,
    params: &'static [ValType],
    results: &'static [ValType],
) -> Import {
    Import {
        name,
        params,
        results,
    }
}

use ValType::{I32, I64};

use crate::Limits;

/// Storage: one write of a 32-byte value under one of 16 keys (the iteration counter mod 16), then one read.
pub const STORAGE: &[Import] = &[
    import("storage_write", &[I32, I32, I32, I32], &[I32]),
    import("storage_read", &[I32, I32, I32, I32], &[I32]),
];
/// Hashing: SHA-256, Keccak-256 and BLAKE2b-256 of 1 KiB each.
pub const HASHING: &[Import] = &[
    import("sha256", &[I32, I32, I32], &[I32]),
    import("keccak256", &[I32, I32, I32], &[I32]),
    import("blake2_256", &[I32, I32, I32], &[I32]),
];
/// Context: caller, address, value, block number, timestamp, gas left.
pub const CONTEXT: &[Import] = &[
    import("caller", &[I32], &[]),
    import("address", &[I32], &[]),
    import("value_transferred", &[I32], &[]),
    import("block_number", &[], &[I64]),
    import("timestamp", &[], &[I64]),
    import("gas_left", &[], &[I64]),
];
/// Balances: one `get_balance`.
pub const BALANCE: &[Import] = &[import("get_balance", &[I32, I32], &[])];
/// Events: one event with 4 topics and 64 bytes of data.
pub const EVENTS: &[Import] = &[import("emit_event", &[I32, I32, I32, I32], &[])];
/// Calls: one `call` of the contract whose address is at [`DATA_OFFSET`].
pub const CALL: &[Import] = &[import("call", &[I32, I32, I32, I32, I64], &[I32])];

/// The loop body for `imports`: each import called once with fixed arguments.
fn body(imports: &[Import], f: &mut Function) {
    for (index, import) in imports.iter().enumerate() {
        let args: &[Instruction<'_>] = match import.name {
            "storage_write" => {
                // key = the iteration counter mod 16. All writes land in the overlay,
                // so a new key costs what an old one does here (the database's cost
                // of a write comes from `DbWeight`), and frame-benchmarking-cli's
                // storage report clones a result once per distinct key it touched:
                // a new key every iteration made it quadratic (24 GiB at r = 400).
                f.instruction(&Instruction::I32Const(0))
                    .instruction(&Instruction::LocalGet(2))
                    .instruction(&Instruction::I32Const(15))
                    .instruction(&Instruction::I32And)
                    .instruction(&Instruction::I32Store(MemArg {
                        offset: 0,
                        align: 2,
                        memory_index: 0,
                    }));
                &[
                    Instruction::I32Const(0),
                    Instruction::I32Const(32),
                    Instruction::I32Const(32),
                    Instruction::I32Const(32),
                ]
            }
            "storage_read" => &[
                Instruction::I32Const(0),
                Instruction::I32Const(32),
                Instruction::I32Const(64),
                Instruction::I32Const(32),
            ],
            "sha256" | "keccak256" | "blake2_256" => &[
                Instruction::I32Const(0),
                Instruction::I32Const(1024),
                Instruction::I32Const(2048),
            ],
            "caller" | "address" | "value_transferred" => &[Instruction::I32Const(2048)],
            "get_balance" => &[Instruction::I32Const(0), Instruction::I32Const(2048)],
            "emit_event" => &[
                Instruction::I32Const(0),
                Instruction::I32Const(4),
                Instruction::I32Const(128),
                Instruction::I32Const(64),
            ],
            "call" => &[
                Instruction::I32Const(DATA_OFFSET),
                Instruction::I32Const(0),
                Instruction::I32Const(0),
                Instruction::I32Const(2048),
                Instruction::I64Const(0),
            ],
            _ => &[],
        };
        for arg in args {
            f.instruction(arg);
        }
        f.instruction(&Instruction::Call(index as u32));
        for _ in import.results {
            f.instruction(&Instruction::Drop);
        }
    }
}

/// A contract whose `execute` calls `imports` once per iteration, with `data` at [`DATA_OFFSET`].
pub fn looping(imports: &[Import], data: &[u8]) -> Vec<u8> {
    build(imports, data, Filler::default()).finish()
}

/// A contract of about `len` bytes beyond its entry points: the slowest
/// code to compile per byte that validation accepts.
///
/// That is the code slowest per unit of compile cost (runtime-vm's
/// `compile_cost` model; vm-bench's compile-shapes section measures every
/// shape and real contracts per unit): tiny functions, each in the table
/// (so each also gets a trampoline compiled), as many as the compile-cost
/// budget of `limits` accepts for the contract's length (and the table
/// holds), and data, which costs no compile cost, for the rest of `len`.
///
/// `nonce` goes into a custom section: code that differs from every earlier
/// upload misses the node's module cache, so the upload pays its compilation
/// as a new contract does.
pub fn sized(len: u32, limits: &Limits, nonce: &[u8]) -> Vec<u8> {
    let budget = limits.code.max_compile_cost(len);
    let affordable =
        budget.saturating_sub(u64::from(ENTRY_POINTS_COST)) / u64::from(TABLE_FUNCTION_COST);
    let functions = (affordable as u32)
        .min(len / TABLE_FUNCTION_LEN)
        .min(limits.code.max_table_elements);
    let data = vec![0xA5; (len - functions * TABLE_FUNCTION_LEN) as usize];
    let mut module = build(&[], &data, Filler { functions });
    module.section(&CustomSection {
        name: "nonce".into(),
        data: nonce.into(),
    });
    module.finish()
}

/// Compile cost of [`sized`]'s entry points (three exported functions,
/// about 900 units, and their trampolines, 2 786) and, from version 4 of
/// the semantics, of its three function types' trampolines (5 225) and its
/// data segment's start-up code (1 152).
const ENTRY_POINTS_COST: u32 = 10_400;

/// Bytes of one of [`sized`]'s table functions (body, function-section
/// entry, element index).
const TABLE_FUNCTION_LEN: u32 = 6;

/// Code a contract carries besides its entry points, only to be compiled.
#[derive(Clone, Copy, Default)]
struct Filler {
    /// Empty functions, each in the table.
    functions: u32,
}

fn build(imports: &[Import], data: &[u8], filler: Filler) -> Module {
    let mut types = TypeSection::new();
    let mut import_section = ImportSection::new();
    for (index, import) in imports.iter().enumerate() {
        types.ty().function(
            import.params.iter().copied(),
            import.results.iter().copied(),
        );
        import_section.import("env", import.name, EntityType::Function(index as u32));
    }
    let entry_type = imports.len() as u32;
    types.ty().function([I32, I32], [I32]);
    let alloc_type = entry_type + 1;
    types.ty().function([I32], [I32]);
    let filler_type = entry_type + 2;
    types
        .ty()
        .function([I32; TABLE_FUNCTION_PARAMS as usize], []);

    let imported = imports.len() as u32;
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    let mut exports = ExportSection::new();

    // execute(ptr, len): n = len >= 4 ? load(ptr) : 0; while n != 0 { body; n -= 1 }
    functions.function(entry_type);
    let mut execute = Function::new([(1, I32)]);
    execute
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::I32Const(4))
        .instruction(&Instruction::I32GeU)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::LocalGet(0))
        .instruction(&Instruction::I32Load(MemArg {
            offset: 0,
            align: 2,
            memory_index: 0,
        }))
        .instruction(&Instruction::LocalSet(2))
        .instruction(&Instruction::End)
        .instruction(&Instruction::Block(BlockType::Empty))
        .instruction(&Instruction::Loop(BlockType::Empty))
        .instruction(&Instruction::LocalGet(2))
        .instruction(&Instruction::I32Eqz)
        .instruction(&Instruction::BrIf(1));
    body(imports, &mut execute);
    execute
        .instruction(&Instruction::LocalGet(2))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Sub)
        .instruction(&Instruction::LocalSet(2))
        .instruction(&Instruction::Br(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    code.function(&execute);
    exports.export("execute", ExportKind::Func, imported);

    functions.function(entry_type);
    let mut deploy = Function::new([]);
    deploy
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    code.function(&deploy);
    exports.export("deploy", ExportKind::Func, imported + 1);

    functions.function(alloc_type);
    let mut alloc_fn = Function::new([]);
    alloc_fn
        .instruction(&Instruction::I32Const(1024))
        .instruction(&Instruction::End);
    code.function(&alloc_fn);
    exports.export("alloc", ExportKind::Func, imported + 2);

    let first_filler = imported + 3;
    for _ in 0..filler.functions {
        functions.function(filler_type);
        let mut empty = Function::new([]);
        empty.instruction(&Instruction::End);
        code.function(&empty);
    }

    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        // Room for `data` after `DATA_OFFSET`, and at least two pages.
        minimum: (DATA_OFFSET as u64 + data.len() as u64)
            .div_ceil(64 * 1024)
            .max(2),
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    exports.export("memory", ExportKind::Memory, 0);

    let mut module = Module::new();
    module.section(&types);
    if !imports.is_empty() {
        module.section(&import_section);
    }
    module.section(&functions);
    let has_filler = filler.functions > 0;
    if has_filler {
        // One slot per filler function.
        let mut tables = TableSection::new();
        tables.table(TableType {
            element_type: RefType::FUNCREF,
            minimum: u64::from(filler.functions),
            maximum: Some(u64::from(filler.functions)),
            table64: false,
            shared: false,
        });
        module.section(&tables);
    }
    module.section(&memory).section(&exports);
    if has_filler {
        let mut elements = ElementSection::new();
        elements.active(
            Some(0),
            &ConstExpr::i32_const(0),
            Elements::Functions(
                (first_filler..first_filler + filler.functions)
                    .collect::<Vec<_>>()
                    .as_slice()
                    .into(),
            ),
        );
        module.section(&elements);
    }
    module.section(&code);
    if !data.is_empty() {
        let mut segments = DataSection::new();
        segments.active(0, &ConstExpr::i32_const(DATA_OFFSET), data.iter().copied());
        module.section(&segments);
    }
    module
}

/// The result every entry point of [`cosmwasm`] returns: `Ok` with an empty `Response`.
const COSMWASM_RESPONSE: &[u8] =
    br#"{"ok":{"messages":[],"attributes":[],"events":[],"data":null}}"#;
/// Where [`cosmwasm`] keeps the Region of [`COSMWASM_RESPONSE`].
const COSMWASM_RESULT_REGION: i32 = 32;
/// Where [`cosmwasm`] keeps [`COSMWASM_RESPONSE`] itself.
const COSMWASM_RESPONSE_OFFSET: i32 = 64;
/// Where [`cosmwasm`] keeps the Regions its imports are called with (12 bytes each).
const COSMWASM_SLOTS: i32 = 256;
/// Where the bytes of those Regions start.
const COSMWASM_DATA: i32 = 4096;
/// Where [`cosmwasm`]'s bump allocator starts.
const COSMWASM_HEAP: i32 = 64 * 1024;

/// An argument of a CosmWasm import call in [`cosmwasm`]'s loop.
#[derive(Clone, Copy)]
pub enum Arg {
    /// The Region in slot `n` of [`cosmwasm_regions`].
    Slot(u32),
    /// A constant.
    Const(i32),
    /// The result of the previous call (an iterator id).
    Last,
}

/// A CosmWasm import [`cosmwasm`]'s loop calls, with its arguments.
pub struct CwCall {
    /// The import, as for native contracts.
    pub import: Import,
    /// Its arguments.
    pub args: &'static [Arg],
}

const fn cw_call(
    name: &'static str,
    params: &'static [ValType],
    results: &'static [ValType],
    args: &'static [Arg],
) -> CwCall {
    CwCall {
        import: import(name, params, results),
        args,
    }
}

use Arg::{Const, Last, Slot};

/// Storage: `db_write` of a 32-byte value under a 13-byte key, then `db_read` of it.
pub const CW_STORAGE: &[CwCall] = &[
    cw_call("db_write", &[I32, I32], &[], &[Slot(0), Slot(1)]),
    cw_call("db_read", &[I32], &[I32], &[Slot(0)]),
];
/// Iteration: a descending `db_scan` of the whole (empty) storage and one `db_next`.
pub const CW_ITERATION: &[CwCall] = &[
    cw_call(
        "db_scan",
        &[I32, I32, I32],
        &[I32],
        &[Const(0), Const(0), Const(2)],
    ),
    cw_call("db_next", &[I32], &[I32], &[Last]),
];
/// Addresses: `addr_validate`, `addr_canonicalize` and `addr_humanize` of one account.
pub const CW_ADDRESS: &[CwCall] = &[
    cw_call("addr_validate", &[I32], &[I32], &[Slot(2)]),
    cw_call(
        "addr_canonicalize",
        &[I32, I32],
        &[I32],
        &[Slot(2), Slot(4)],
    ),
    cw_call("addr_humanize", &[I32, I32], &[I32], &[Slot(3), Slot(4)]),
];
/// secp256k1: one `secp256k1_verify` and one `secp256k1_recover_pubkey`.
pub const CW_SECP256K1: &[CwCall] = &[
    cw_call(
        "secp256k1_verify",
        &[I32, I32, I32],
        &[I32],
        &[Slot(5), Slot(6), Slot(7)],
    ),
    cw_call(
        "secp256k1_recover_pubkey",
        &[I32, I32, I32],
        &[I64],
        &[Slot(5), Slot(6), Const(SECP256K1_RECOVERY_ID)],
    ),
];
/// ed25519: one `ed25519_verify` of a 1 KiB message.
pub const CW_ED25519: &[CwCall] = &[cw_call(
    "ed25519_verify",
    &[I32, I32, I32],
    &[I32],
    &[Slot(8), Slot(9), Slot(10)],
)];
/// ed25519 batches: one `ed25519_batch_verify` of [`BATCH_SIGNATURES`]
/// signatures of one shared 1 KiB message.
pub const CW_ED25519_BATCH: &[CwCall] = &[cw_call(
    "ed25519_batch_verify",
    &[I32, I32, I32],
    &[I32],
    &[Slot(11), Slot(12), Slot(13)],
)];
/// Queries: one `query_chain` of an account's bank balance.
pub const CW_QUERY: &[CwCall] = &[cw_call("query_chain", &[I32], &[I32], &[Slot(14)])];
/// secp256r1: one `secp256r1_verify` and one `secp256r1_recover_pubkey`.
pub const CW_SECP256R1: &[CwCall] = &[
    cw_call(
        "secp256r1_verify",
        &[I32, I32, I32],
        &[I32],
        &[Slot(15), Slot(16), Slot(17)],
    ),
    cw_call(
        "secp256r1_recover_pubkey",
        &[I32, I32, I32],
        &[I64],
        &[Slot(15), Slot(16), Const(0)],
    ),
];
/// BLS12-381: `bls12_381_aggregate_g1` of [`BLS_POINTS`] G1 points.
pub const CW_BLS12_381_AGGREGATE_G1: &[CwCall] = &[cw_call(
    "bls12_381_aggregate_g1",
    &[I32, I32],
    &[I32],
    &[Slot(18), Slot(4)],
)];
/// BLS12-381: `bls12_381_aggregate_g2` of [`BLS_POINTS`] G2 points.
pub const CW_BLS12_381_AGGREGATE_G2: &[CwCall] = &[cw_call(
    "bls12_381_aggregate_g2",
    &[I32, I32],
    &[I32],
    &[Slot(19), Slot(4)],
)];
/// BLS12-381: `bls12_381_pairing_equality` of an aggregate signature over
/// [`BLS_PAIRS`] messages ([`BLS_PAIRS`] + 1 pairings).
pub const CW_BLS12_381_PAIRING: &[CwCall] = &[cw_call(
    "bls12_381_pairing_equality",
    &[I32, I32, I32, I32],
    &[I32],
    &[Slot(20), Slot(21), Slot(22), Slot(23)],
)];
/// BLS12-381: `bls12_381_hash_to_g1` of the 1 KiB message (SHA-256).
pub const CW_BLS12_381_HASH_TO_G1: &[CwCall] = &[cw_call(
    "bls12_381_hash_to_g1",
    &[I32, I32, I32, I32],
    &[I32],
    &[Const(0), Slot(8), Slot(24), Slot(4)],
)];
/// BLS12-381: `bls12_381_hash_to_g2` of the 1 KiB message (SHA-256).
pub const CW_BLS12_381_HASH_TO_G2: &[CwCall] = &[cw_call(
    "bls12_381_hash_to_g2",
    &[I32, I32, I32, I32],
    &[I32],
    &[Const(0), Slot(8), Slot(24), Slot(4)],
)];

/// The message the crypto benchmarks sign: 1 KiB of 0x5A.
pub const SIGNED_MESSAGE_LEN: usize = 1024;
/// Signatures in [`CW_ED25519_BATCH`]'s batch.
pub const BATCH_SIGNATURES: usize = 8;
/// SHA-256 of the signed message.
const SECP256K1_HASH: &str = "e8fb68ce4d4d002dba40c0a459d96807c96ded1c2fdefae3f56f8a0c06a4fecf";
/// Its secp256k1 signature by the key `[9; 32]` (low `s`, as cosmwasm-crypto requires).
const SECP256K1_SIGNATURE: &str = "30e03d3ce183b6d81114e4eea410f401a0189ee8b27fa2b93151d7aeed4a803d42b6ff3c5fa08865764df32c4a2febc55a22dda2f09cb8d45ae2e318872be70f";
/// The compressed public key of `[9; 32]`.
const SECP256K1_PUBKEY: &str = "0256b328b30c8bf5839e24058747879408bdb36241dc9c2e7c619faa12b2920967";
/// The signature's recovery id.
const SECP256K1_RECOVERY_ID: i32 = 1;
/// A NIST P-256 test vector (cosmwasm-crypto's `secp256r1_tests.json`, the
/// first): the SHA-256 of its message, its signature, its uncompressed key
/// (recovery id 0).
const SECP256R1_HASH: &str = "44acf6b7e36c1342c2c5897204fe09504e1e2efb1a900377dbc4e7a6a133ec56";
const SECP256R1_SIGNATURE: &str = "f3ac8061b514795b8843e3d6629527ed2afd6b1f6a555a7acabb5e6f79c8c2ac8bf77819ca05a6b2786c76262bf7371cef97b218e96f175a3ccdda2acc058903";
const SECP256R1_PUBKEY: &str = "041ccbe91c075fc7f4f033bfa248db8fccd3565de94bbfb12f3c59ff46c271bf83ce4014c68811f9a21a1fdb2c0e6113e06db7ca93b7404e78dc7ccd5ca89a4ca9";
/// Points each BLS12-381 aggregation benchmark adds up.
pub const BLS_POINTS: usize = 8;
/// Messages of the BLS12-381 pairing benchmark's aggregate signature.
pub const BLS_PAIRS: usize = 3;
/// Ethereum's BLS test vectors (`aggregate_verify_valid`): three public keys
/// (G1), their messages hashed to G2 (`BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`),
/// and the aggregate signature (G2) over them; three signatures of
/// `aggregate_0x5656…` (G2).
const BLS_PUBKEYS: [&str; BLS_PAIRS] = [
    "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a",
    "b301803f8b5ac4a1133581fc676dfedc60d891dd5fa99028805e5ea5b08d3491af75d0707adab3b70c6a6a580217bf81",
    "b53d21a4cfd562c469cc81514d4ce5a6b577d8403d32a394dc265dd190b47fa9f829fdd7963afdf972e5e77854051f6f",
];
const BLS_HASHED_MESSAGES: [&str; BLS_PAIRS] = [
    "97502412bcfc3f1d88b71f1ad9b60fa37c332d19466fba1dc991d42bcd09bcd9f1c22a562646ffce0922793b6c69938b076e5cd6cfb3c361fc767e5f40ce05486e1668825ffeecab89d7daa455a179736a387ae93b9b15d283d45ffa14cd4af7",
    "8c3c33dfebb2e485a637903c7b5d274e25d47e037a32252efacc7d51238d5be40d174946a77d261c1fa7c42894071f810a8f9dbc3952222c0f76aff9725e56ef2b0577399ef76a5dc3884d33ecd8f01f02d01c2563afb858e1f702f66f443144",
    "979451d90ade914f7a6ffc5062914af990af297abdebf81dcebcaff93a5cb959e7f5db624bc8abb8cdb2660374c86a350bc0f071f2d0655a5edbf6b9208a6649d3309b8692d2f55bde74c52cc2de0fed2bb60b4c45935b11c32827da1b80cb8f",
];
const BLS_AGGREGATE_SIGNATURE: &str = "9104e74b9dfd3ad502f25d6a5ef57db0ed7d9a0e00f3500586d8ce44231212542fcfaf87840539b398bf07626705cf1105d246ca1062c6c2e1a53029a0f790ed5e3cb1f52f8234dc5144c45fc847c0cd37a92d68e7c5ba7c648a8a339f171244";
const BLS_SIGNATURES: [&str; 3] = [
    "882730e5d03f6b42c3abc26d3372625034e1d871b65a8a6b900a56dae22da98abbe1b68f85e49fe7652a55ec3d0591c20767677e33e5cbb1207315c41a9ac03be39c2e7668edc043d6cb1d9fd93033caa8a1c5b0e84bedaeb6c64972503a43eb",
    "af1390c3c47acdb37131a51216da683c509fce0e954328a59f93aebda7e4ff974ba208d9a4a2a2389f892a9d418d618418dd7f7a6bc7aa0da999a9d3a5b815bc085e14fd001f6a1948768a3f4afefc8b8240dda329f984cb345c6363272ba4fe",
    "a4efa926610b8bd1c8330c918b7a5e9bf374e53435ef8b7ec186abf62e1b1f65aeaaeb365677ac1d1172a1f5b44b4e6d022c252c58486c0a759fbdc7de15a756acc4d343064035667a594b4c2a6f0b0b421975977f297dba63ee2f63ffe47bb6",
];
/// The G1 generator, compressed.
const BLS_G1_GENERATOR: &str = "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";

/// The message's ed25519 signature by the key `[7; 32]`.
const ED25519_SIGNATURE: &str = "567e64afbecf652c9cb4b1bb6e92f432e8bb7026bfbaabf64c8937803a18867e7b2acc898ad522ea0fef19096200dd31fa2f4d32d2140a460780b04d7cd9710b";
/// The public key of `[7; 32]`.
const ED25519_PUBKEY: &str = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c";

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex constant"))
        .collect()
}

/// A CosmWasm section: the bytes, then their length as a big-endian `u32`.
fn section(bytes: &[u8]) -> Vec<u8> {
    [bytes, &(bytes.len() as u32).to_be_bytes()].concat()
}

/// The bytes of every Region slot [`CwCall`]s refer to, in slot order;
/// `None` is an empty Region of 96 bytes' capacity (an output). `human` is
/// an account's address on the running chain, `denom` its native denom.
pub fn cosmwasm_regions(human: &[u8], denom: &[u8]) -> Vec<Option<Vec<u8>>> {
    let message = [0x5A; SIGNED_MESSAGE_LEN];
    let ed_signature = unhex(ED25519_SIGNATURE);
    let ed_pubkey = unhex(ED25519_PUBKEY);
    let query = [
        br#"{"bank":{"balance":{"address":""#.as_slice(),
        human,
        br#"","denom":""#,
        denom,
        br#""}}}"#,
    ]
    .concat();
    vec![
        Some(b"benchmark-key".to_vec()),
        Some([0x11; 32].to_vec()),
        Some(human.to_vec()),
        Some([0x42; 32].to_vec()),
        None,
        Some(unhex(SECP256K1_HASH)),
        Some(unhex(SECP256K1_SIGNATURE)),
        Some(unhex(SECP256K1_PUBKEY)),
        Some(message.to_vec()),
        Some(ed_signature.clone()),
        Some(ed_pubkey.clone()),
        Some(section(&message)),
        Some(section(&ed_signature).repeat(BATCH_SIGNATURES)),
        Some(section(&ed_pubkey).repeat(BATCH_SIGNATURES)),
        Some(query),
        Some(unhex(SECP256R1_HASH)),
        Some(unhex(SECP256R1_SIGNATURE)),
        Some(unhex(SECP256R1_PUBKEY)),
        Some(repeated(&BLS_PUBKEYS, BLS_POINTS)),
        Some(repeated(&BLS_SIGNATURES, BLS_POINTS)),
        Some(BLS_PUBKEYS.iter().flat_map(|key| unhex(key)).collect()),
        Some(BLS_HASHED_MESSAGES.iter().flat_map(|h| unhex(h)).collect()),
        Some(unhex(BLS_G1_GENERATOR)),
        Some(unhex(BLS_AGGREGATE_SIGNATURE)),
        Some(b"BENCHMARK-V01-with-BLS12381_XMD:SHA-256_SSWU_RO_".to_vec()),
    ]
}

/// `count` points, cycling through `points` (hex).
fn repeated(points: &[&str], count: usize) -> Vec<u8> {
    points
        .iter()
        .cycle()
        .take(count)
        .flat_map(|point| unhex(point))
        .collect()
}

/// The smallest CosmWasm contract: `allocate` bumps a pointer (each Region
/// followed by its bytes), `deallocate` does nothing, and `instantiate` and
/// `migrate` return `Ok` with an empty `Response` whatever they are given.
pub fn cosmwasm() -> Vec<u8> {
    cosmwasm_looping(&[], &[])
}

/// [`cosmwasm`] with an `execute` that reads an iteration count `n` from the
/// first 4 bytes of its message and calls `calls` `n` times, with `regions`
/// (from [`cosmwasm_regions`]) in memory.
pub fn cosmwasm_looping(calls: &[CwCall], regions: &[Option<Vec<u8>>]) -> Vec<u8> {
    let mut types = TypeSection::new();
    let mut import_section = ImportSection::new();
    for (index, call) in calls.iter().enumerate() {
        let import = &call.import;
        types.ty().function(
            import.params.iter().copied(),
            import.results.iter().copied(),
        );
        import_section.import("env", import.name, EntityType::Function(index as u32));
    }
    let imported = calls.len() as u32;
    types.ty().function([I32], [I32]); // allocate
    types.ty().function([I32], []); // deallocate
    types.ty().function([], []); // interface_version_8
    types.ty().function([I32, I32, I32], [I32]); // instantiate, execute
    types.ty().function([I32, I32], [I32]); // migrate
    let mut functions = FunctionSection::new();
    for ty in [0, 1, 2, 3, 4, 3] {
        functions.function(imported + ty);
    }
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 32,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut globals = wasm_encoder::GlobalSection::new();
    globals.global(
        wasm_encoder::GlobalType {
            val_type: I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(COSMWASM_HEAP),
    );
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    for (index, name) in [
        "allocate",
        "deallocate",
        "interface_version_8",
        "instantiate",
        "migrate",
        "execute",
    ]
    .into_iter()
    .enumerate()
    {
        exports.export(name, ExportKind::Func, imported + index as u32);
    }

    let store = |f: &mut Function, offset: u64| {
        f.instruction(&Instruction::I32Store(MemArg {
            offset,
            align: 2,
            memory_index: 0,
        }));
    };
    let load = MemArg {
        offset: 0,
        align: 2,
        memory_index: 0,
    };
    let mut code = CodeSection::new();
    // allocate(size): region at the bump pointer, {region + 12, size, 0}.
    let mut allocate = Function::new([(1, I32)]);
    allocate
        .instruction(&Instruction::GlobalGet(0))
        .instruction(&Instruction::LocalSet(1))
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::I32Const(12))
        .instruction(&Instruction::I32Add);
    store(&mut allocate, 0);
    allocate
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::LocalGet(0));
    store(&mut allocate, 4);
    allocate
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::I32Const(0));
    store(&mut allocate, 8);
    allocate
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::I32Const(12))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalGet(0))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::GlobalSet(0))
        .instruction(&Instruction::LocalGet(1))
        .instruction(&Instruction::End);
    code.function(&allocate);
    let mut empty = Function::new([]);
    empty.instruction(&Instruction::End);
    code.function(&empty);
    code.function(&empty);
    let mut respond = Function::new([]);
    respond
        .instruction(&Instruction::I32Const(COSMWASM_RESULT_REGION))
        .instruction(&Instruction::End);
    code.function(&respond);
    code.function(&respond);
    code.function(&cosmwasm_execute(calls, load));

    let len = COSMWASM_RESPONSE.len() as u32;
    let region: Vec<u8> = [COSMWASM_RESPONSE_OFFSET as u32, len, len]
        .iter()
        .flat_map(|word| word.to_le_bytes())
        .collect();
    let mut data = DataSection::new();
    data.active(0, &ConstExpr::i32_const(COSMWASM_RESULT_REGION), region);
    data.active(
        0,
        &ConstExpr::i32_const(COSMWASM_RESPONSE_OFFSET),
        COSMWASM_RESPONSE.iter().copied(),
    );
    let mut at = COSMWASM_DATA as u32;
    for (slot, bytes) in regions.iter().enumerate() {
        let (len, capacity) = match bytes {
            Some(bytes) => (bytes.len() as u32, bytes.len() as u32),
            None => (0, 96),
        };
        let region: Vec<u8> = [at, capacity, len]
            .iter()
            .flat_map(|word| word.to_le_bytes())
            .collect();
        let slot_at = COSMWASM_SLOTS + 12 * slot as i32;
        data.active(0, &ConstExpr::i32_const(slot_at), region);
        if let Some(bytes) = bytes {
            data.active(0, &ConstExpr::i32_const(at as i32), bytes.iter().copied());
        }
        at += capacity;
    }

    let mut module = Module::new();
    module.section(&types);
    if !calls.is_empty() {
        module.section(&import_section);
    }
    module.section(&functions);
    module.section(&memories);
    module.section(&globals);
    module.section(&exports);
    module.section(&code);
    module.section(&data);
    module.finish()
}

/// `execute(env, info, msg)`: `n` = the first 4 bytes of `msg`; `calls` `n`
/// times (trapping if a verification or address import does not answer 0);
/// then the empty `Response`. Local 3 counts down, local 4 keeps the
/// last call's `i32` result.
fn cosmwasm_execute(calls: &[CwCall], load: MemArg) -> Function {
    let mut f = Function::new([(2, I32)]);
    f.instruction(&Instruction::LocalGet(2))
        .instruction(&Instruction::I32Load(load))
        .instruction(&Instruction::I32Load(load))
        .instruction(&Instruction::LocalSet(3))
        .instruction(&Instruction::Block(BlockType::Empty))
        .instruction(&Instruction::Loop(BlockType::Empty))
        .instruction(&Instruction::LocalGet(3))
        .instruction(&Instruction::I32Eqz)
        .instruction(&Instruction::BrIf(1));
    for (index, call) in calls.iter().enumerate() {
        for arg in call.args {
            f.instruction(&match arg {
                Slot(n) => Instruction::I32Const(COSMWASM_SLOTS + 12 * *n as i32),
                Const(value) => Instruction::I32Const(*value),
                Last => Instruction::LocalGet(4),
            });
        }
        f.instruction(&Instruction::Call(index as u32));
        match call.import.results {
            [I32] => f.instruction(&Instruction::LocalSet(4)),
            [] => &mut f,
            _ => f.instruction(&Instruction::Drop),
        };
        // A signature that fails to verify, a pairing that does not hold, a
        // point refused or an address refused would measure an early exit:
        // trap instead, so the benchmark fails.
        let name = call.import.name;
        if name.starts_with("addr_") || name.starts_with("bls12_381_") || name.ends_with("_verify")
        {
            f.instruction(&Instruction::LocalGet(4))
                .instruction(&Instruction::If(BlockType::Empty))
                .instruction(&Instruction::Unreachable)
                .instruction(&Instruction::End);
        }
    }
    f.instruction(&Instruction::LocalGet(3))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Sub)
        .instruction(&Instruction::LocalSet(3))
        .instruction(&Instruction::Br(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(COSMWASM_RESULT_REGION))
        .instruction(&Instruction::End);
    f
}
