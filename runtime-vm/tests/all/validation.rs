//! Every limit and every validation error, with the numbers in it.

use runtime_vm::{
    abi::Abi, validate, CodeLimits, ExecutionLimits, Limits, Semantics, ValidationError as E,
};

use crate::common::*;

const EXECUTE: &str = r#"(func (export "execute") (param i32 i32) (result i32) (i32.const 0))"#;

fn module(fields: &str) -> Vec<u8> {
    wat::parse_str(format!("(module {fields})")).unwrap()
}

/// A valid native contract with `imports` before its own fields.
fn contract_importing(imports: &str) -> Vec<u8> {
    module(&format!(
        r#"{imports} (memory (export "memory") 1) {EXECUTE}"#
    ))
}

/// A valid native contract with `fields` added.
fn contract(fields: &str) -> Vec<u8> {
    module(&format!(
        r#"(memory (export "memory") 1) {EXECUTE} {fields}"#
    ))
}

fn check(code: &[u8], limits: Limits) -> Result<runtime_vm::ModuleInfo, E> {
    validate(code, &limits, Semantics::LATEST)
}

#[test]
fn every_fixture_validates_for_its_abi() {
    for (name, path) in runtime_vm_fixtures::PATHS {
        let code = std::fs::read(path).unwrap();
        let info = check(&code, Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (expected, entry) = match name {
            _ if name.starts_with("cw") => (Abi::CosmWasm, "execute"),
            _ if name.starts_with("ink_") => (Abi::Ink, "call"),
            _ => (Abi::Native, "execute"),
        };
        assert_eq!(info.abi, expected, "{name}");
        assert!(info.exports_function(entry), "{name}");
    }
}

#[test]
fn usage_reports_what_the_module_uses() {
    let code = contract(
        r#"(global (mut i32) (i32.const 0)) (global i32 (i32.const 1))
           (table 3 funcref) (elem (i32.const 0) $f)
           (data (i32.const 0) "a") (data (i32.const 8) "b")
           (func $f (param i32) (local i64 i64) (drop (i32.add (local.get 0) (i32.const 1))))"#,
    );
    let info = check(&code, Limits::default()).unwrap();
    let u = &info.usage;
    assert_eq!(u.code_len as usize, code.len());
    assert_eq!(
        (u.functions, u.globals, u.tables, u.table_elements),
        (2, 2, 1, 3)
    );
    assert_eq!(
        (
            u.element_segments,
            u.data_segments,
            u.memory_pages,
            u.imports
        ),
        (1, 2, 1, 0)
    );
    assert_eq!(u.max_locals, 3);
    // $f: overhead + 3 locals + at most 2 operands on its stack.
    assert_eq!(u.max_frame_cost, runtime_vm::FRAME_OVERHEAD + 3 + 2);
    // Two bodies of 4 + 10 bytes with their 2 + 3 locals and 2 + 5
    // operators (`end` included; `execute`'s moves its one result), one
    // table element, and two trampolines: `execute` (exported, 3 values)
    // and $f (in the table, 1 value), the first with one unit for its
    // 3 x 3 pairs of values.
    use runtime_vm::compile_cost::{
        DATA_SEGMENT, FUNCTION, FUNCTION_TRAMPOLINE, GLOBAL, LOCAL, OPERATOR, TABLE_ELEMENT,
        TRAMPOLINE, TRAMPOLINE_PAIRS_PER_UNIT, TRAMPOLINE_VALUE, TYPE_TRAMPOLINE, VALUE,
    };
    let bodies = 14 + 2 * FUNCTION + 5 * LOCAL + 7 * OPERATOR + VALUE + TABLE_ELEMENT;
    let v3 = validate(&code, &Limits::default(), Semantics::V3).unwrap();
    assert_eq!(
        v3.usage.compile_cost,
        bodies + 2 * TRAMPOLINE + 4 * TRAMPOLINE_VALUE + 9 / TRAMPOLINE_PAIRS_PER_UNIT
    );
    // Version 4 prices the two trampolines at their own rates, adds one for
    // each of the two types ((i32, i32) -> i32 and (i32) -> (), with one
    // unit for 2 x 2 + 1 x 1 squares), and the start-up code of the two
    // globals and two active data segments.
    let (f, t) = (FUNCTION_TRAMPOLINE, TYPE_TRAMPOLINE);
    assert_eq!(
        u.compile_cost,
        bodies
            + 2 * f.base
            + 4 * f.per_value
            + 9 / f.squares_per_unit
            + 2 * t.base
            + 4 * t.per_value
            + 5 / t.squares_per_unit
            + 2 * GLOBAL
            + 2 * DATA_SEGMENT
    );
    assert_eq!(u.instantiated_elements, 0);
}

/// The compile cost of `code` under `semantics`.
fn cost_under(code: &[u8], semantics: Semantics) -> u64 {
    validate(code, &Limits::default(), semantics)
        .unwrap()
        .usage
        .compile_cost
}

#[test]
fn version_4_counts_a_trampoline_per_distinct_type_not_per_import() {
    use runtime_vm::compile_cost::{TRAMPOLINE, TYPE_TRAMPOLINE};
    let type_trampoline = TYPE_TRAMPOLINE.base;
    let import = r#"(import "env" "caller" (func (param i32)))"#;
    let once = contract_importing(import);
    let twice = contract_importing(&import.repeat(2));
    // A second import of the same type: one more trampoline for version 3,
    // none for 4 (its type's is compiled once), beyond its bytes.
    let added = |semantics| cost_under(&twice, semantics) - cost_under(&once, semantics);
    let bytes = (twice.len() - once.len()) as u64;
    assert!(
        added(Semantics::V3) >= TRAMPOLINE,
        "{}",
        added(Semantics::V3)
    );
    assert_eq!(added(Semantics::V4), 0, "{bytes} bytes of import");
    // A type declared twice is one trampoline; a distinct one is another.
    let same = contract("(type (func (param i64))) (type (func (param i64)))");
    let distinct = contract("(type (func (param i64))) (type (func (param f64)))");
    assert!(
        cost_under(&distinct, Semantics::V4) >= cost_under(&same, Semantics::V4) + type_trampoline
    );
    assert_eq!(
        cost_under(&distinct, Semantics::V3),
        cost_under(&same, Semantics::V3)
    );
}

#[test]
fn version_4_counts_the_trampolines_of_functions_globals_name() {
    let trampoline = runtime_vm::compile_cost::FUNCTION_TRAMPOLINE.base;
    let named = contract("(func $f (param i64)) (global funcref (ref.func $f))");
    let null = contract("(func $f (param i64)) (global funcref (ref.null func))");
    let v4 = cost_under(&named, Semantics::V4) - cost_under(&null, Semantics::V4);
    assert!(v4 >= trampoline, "{v4}");
    let v3 = cost_under(&named, Semantics::V3) - cost_under(&null, Semantics::V3);
    assert!(v3 < 8, "{v3}: its bytes only");
}

#[test]
fn elements_the_start_up_code_writes_are_counted() {
    let elements = |fields: &str| {
        check(
            &contract(&format!("(func $f) (table 8 funcref) {fields}")),
            Limits::default(),
        )
        .unwrap()
        .usage
        .instantiated_elements
    };
    // Placed in the table's image at compile time: none.
    assert_eq!(
        elements("(elem (i32.const 0) $f $f) (elem (i32.const 6) $f $f)"),
        0
    );
    assert_eq!(elements("(elem declare func $f $f)"), 0);
    // Passive: each.
    assert_eq!(elements("(elem func $f $f $f)"), 3);
    // Given as expressions, or past the table's initial size: that
    // segment's and every later active one's.
    assert_eq!(
        elements("(elem (i32.const 0) $f) (elem (i32.const 1) funcref (ref.func $f) (ref.null func)) (elem (i32.const 4) $f)"),
        3
    );
    assert_eq!(
        elements("(elem (i32.const 0) $f) (elem (i32.const 7) $f $f) (elem (i32.const 0) $f)"),
        3
    );
    let unit = runtime_vm::compile_cost::INSTANTIATED_ELEMENT;
    let passive = contract("(func $f) (elem func $f $f $f)");
    let placed = contract("(func $f) (table 3 funcref) (elem (i32.const 0) $f $f $f)");
    assert!(cost_under(&passive, Semantics::V4) >= cost_under(&placed, Semantics::V4) + 3 * unit);
}

#[test]
fn compile_cost_per_byte() {
    // 2 000 indirect calls in 14 KB: about 9 units per byte, far over the
    // 3.25 per byte a module of that size may have beside the allowance.
    let calls = "(call_indirect (param i32) (local.get 0) (i32.const 0))".repeat(2_000);
    let code = contract(&format!(
        "(table 1 funcref) (elem (i32.const 0) $f) (func $f (param i32) {calls})"
    ));
    let unbounded = Limits {
        code: CodeLimits {
            max_compile_cost_per_kib: u32::MAX,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    let cost = check(&code, unbounded).unwrap().usage.compile_cost;
    assert!(
        cost > 7 * code.len() as u64,
        "{cost} for {} bytes",
        code.len()
    );
    let limits = Limits {
        code: CodeLimits {
            compile_cost_allowance: 0,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    let max = limits.code.max_compile_cost(code.len() as u32);
    assert_eq!(max, code.len() as u64 * 3_328 / 1_024);
    assert_eq!(
        check(&code, limits.clone()),
        Err(E::CompileCostTooHigh { cost, max })
    );
    // The allowance is on top of the share per byte: a small module of dense
    // code fits in it.
    let allowance = Limits {
        code: CodeLimits {
            compile_cost_allowance: u32::try_from(cost).unwrap(),
            ..limits.code
        },
        ..limits
    };
    assert!(check(&code, allowance).is_ok());
}

#[test]
fn real_contracts_use_at_most_80_percent_of_their_compile_cost_budget() {
    // The budget must never refuse what compilers emit for real contracts
    // (cw-plus, the native fixtures): keep a margin for other code.
    let limits = Limits::default();
    for (name, path) in runtime_vm_fixtures::PATHS {
        let code = std::fs::read(path).unwrap();
        let cost = check(&code, limits.clone()).unwrap().usage.compile_cost;
        let max = limits.code.max_compile_cost(code.len() as u32);
        assert!(cost * 10 <= max * 8, "{name}: cost {cost} of {max}");
    }
}

#[test]
fn code_size() {
    let code = contract("");
    let limits = Limits {
        code: CodeLimits {
            max_code_len: code.len() as u32 - 1,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&code, limits),
        Err(E::CodeTooLarge {
            len: code.len() as u32,
            max: code.len() as u32 - 1
        })
    );
    let limits = Limits {
        code: CodeLimits {
            max_code_len: code.len() as u32,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert!(check(&code, limits).is_ok());
}

#[test]
fn invalid_wasm() {
    assert!(matches!(
        check(b"\0asm garbage", Limits::default()),
        Err(E::InvalidWasm(_))
    ));
    assert!(matches!(
        check(b"", Limits::default()),
        Err(E::InvalidWasm(_))
    ));
    // Well-formed but ill-typed.
    let code = module(
        r#"(memory (export "memory") 1) (func (export "execute") (param i32 i32) (result i32) (i64.const 0))"#,
    );
    assert!(
        matches!(check(&code, Limits::default()), Err(E::InvalidWasm(m)) if m.contains("type mismatch"))
    );
}

#[test]
fn no_input_panics_the_validator() {
    // Truncations and byte flips of a real contract: each is either valid or a named error.
    let token = runtime_vm_fixtures::TOKEN;
    for cut in (0..token.len()).step_by(61) {
        let _ = check(&token[..cut], Limits::default());
    }
    for at in (8..token.len()).step_by(37) {
        let mut mutated = token.to_vec();
        mutated[at] ^= 0xA5;
        let _ = check(&mutated, Limits::default());
    }
}

#[test]
fn functions() {
    let code = contract("(func) (func)");
    let limits = Limits {
        code: CodeLimits {
            max_functions: 2,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&code, limits),
        Err(E::TooManyFunctions { count: 3, max: 2 })
    );
}

#[test]
fn locals_per_function() {
    let code = contract("(func (param i32) (local i64 i64 i64))");
    let limits = Limits {
        code: CodeLimits {
            max_locals: 3,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&code, limits),
        Err(E::TooManyLocals {
            function: 1,
            count: 4,
            max: 3
        })
    );
}

#[test]
fn frame_cost_against_the_stack_budget() {
    // `execute` costs overhead + 2 params + 1 operand; `$f` one more.
    let code = contract("(func $f (local i64 i64 i64 i64))");
    let cost = runtime_vm::FRAME_OVERHEAD + 4;
    let limits = Limits {
        execution: ExecutionLimits {
            max_stack_height: cost - 1,
            ..ExecutionLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&code, limits),
        Err(E::FrameTooLarge {
            function: 1,
            cost,
            max: cost - 1
        })
    );
}

#[test]
fn function_body_size() {
    let body = "(drop (i32.const 1))".repeat(20);
    let code = contract(&format!("(func {body})"));
    let limits = Limits {
        code: CodeLimits {
            max_function_body_len: 30,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    // 20 × (i32.const 1, drop) = 60 bytes, plus the local count and `end`.
    assert_eq!(
        check(&code, limits),
        Err(E::FunctionBodyTooLarge {
            function: 1,
            len: 62,
            max: 30
        })
    );
}

#[test]
fn globals() {
    let code = contract("(global i32 (i32.const 0)) (global i32 (i32.const 0))");
    let limits = Limits {
        code: CodeLimits {
            max_globals: 1,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&code, limits),
        Err(E::TooManyGlobals { count: 2, max: 1 })
    );
}

#[test]
fn tables_and_elements() {
    let two = contract("(table 1 funcref) (table 1 funcref)");
    assert_eq!(
        check(&two, Limits::default()),
        Err(E::TooManyTables { count: 2, max: 1 })
    );
    let big = contract("(table 5000 funcref)");
    assert_eq!(
        check(&big, Limits::default()),
        Err(E::TableTooLarge {
            elements: 5000,
            max: 4096
        })
    );
    let segments =
        contract("(table 4 funcref) (func $f) (elem (i32.const 0) $f) (elem (i32.const 1) $f)");
    let limits = Limits {
        code: CodeLimits {
            max_element_segments: 1,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&segments, limits),
        Err(E::TooManyElementSegments { count: 2, max: 1 })
    );
}

#[test]
fn data_segments() {
    let code =
        contract(r#"(data (i32.const 0) "a") (data (i32.const 1) "b") (data (i32.const 2) "c")"#);
    let limits = Limits {
        code: CodeLimits {
            max_data_segments: 2,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&code, limits),
        Err(E::TooManyDataSegments { count: 3, max: 2 })
    );
}

#[test]
fn memory() {
    let none = module(EXECUTE);
    assert_eq!(
        check(&none, Limits::default()),
        Err(E::MemoryCount { count: 0 })
    );
    let big = module(&format!(r#"(memory (export "memory") 257) {EXECUTE}"#));
    assert_eq!(
        check(&big, Limits::default()),
        Err(E::MemoryTooLarge {
            pages: 257,
            max: 256
        })
    );
    let at_cap = module(&format!(r#"(memory (export "memory") 256) {EXECUTE}"#));
    assert!(check(&at_cap, Limits::default()).is_ok());
}

#[test]
fn an_error_repeats_at_most_256_bytes_of_a_name_the_module_chose() {
    // 80 KB: wasmparser takes names up to 100 000 bytes.
    let long = "é".repeat(40_000);
    let importing = contract_importing(&format!(r#"(import "env" "{long}" (func))"#));
    let cut = format!("{}…", "é".repeat(128));
    assert_eq!(
        check(&importing, Limits::default()),
        Err(E::UnknownImport {
            module: "env".into(),
            name: cut.clone()
        })
    );
    let exporting = contract(&format!(r#"(func (export "__runtime_vm{long}"))"#));
    assert!(
        matches!(check(&exporting, Limits::default()), Err(E::ReservedExport(name)) if name.len() == 256 + "…".len())
    );
    // A parser message quoting the name is cut alike.
    let twice = contract(&format!(
        r#"(func (export "{long}")) (func (export "{long}"))"#
    ));
    assert!(
        matches!(check(&twice, Limits::default()), Err(E::InvalidWasm(message)) if message.len() <= 256 + "…".len())
    );
}

#[test]
fn imports() {
    let three = contract_importing(
        r#"(import "env" "gas_left" (func (result i64)))
           (import "env" "timestamp" (func (result i64)))
           (import "env" "block_number" (func (result i64)))"#,
    );
    let limits = Limits {
        code: CodeLimits {
            max_imports: 2,
            ..CodeLimits::default()
        },
        ..Limits::default()
    };
    assert_eq!(
        check(&three, limits),
        Err(E::TooManyImports { count: 3, max: 2 })
    );

    let unknown = contract_importing(r#"(import "env" "launch_missiles" (func))"#);
    assert_eq!(
        check(&unknown, Limits::default()),
        Err(E::UnknownImport {
            module: "env".into(),
            name: "launch_missiles".into()
        })
    );
    let other_module = contract_importing(
        r#"(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))"#,
    );
    assert!(
        matches!(check(&other_module, Limits::default()), Err(E::UnknownImport { module, .. }) if module == "wasi_snapshot_preview1")
    );

    let wrong =
        contract_importing(r#"(import "env" "storage_read" (func (param i32 i32) (result i32)))"#);
    assert_eq!(
        check(&wrong, Limits::default()),
        Err(E::ImportSignature {
            name: "storage_read".into(),
            found: "(i32, i32) -> (i32)".into(),
            expected: "(i32, i32, i32, i32) -> (i32)".into(),
        })
    );
    let global = module(&format!(
        r#"(import "env" "g" (global i32)) (memory (export "memory") 1) {EXECUTE}"#
    ));
    assert_eq!(
        check(&global, Limits::default()),
        Err(E::NonFunctionImport {
            module: "env".into(),
            name: "g".into()
        })
    );
}

#[test]
fn exports() {
    let no_memory_export = module(&format!("(memory 1) {EXECUTE}"));
    assert_eq!(
        check(&no_memory_export, Limits::default()),
        Err(E::MissingExport("memory".into()))
    );
    let no_execute = module(r#"(memory (export "memory") 1)"#);
    assert_eq!(
        check(&no_execute, Limits::default()),
        Err(E::MissingExport("execute".into()))
    );
    let bad_execute = module(
        r#"(memory (export "memory") 1) (func (export "execute") (param i32) (result i32) (i32.const 0))"#,
    );
    assert_eq!(
        check(&bad_execute, Limits::default()),
        Err(E::ExportSignature {
            name: "execute".into(),
            found: "(i32) -> (i32)".into(),
            expected: "(i32, i32) -> (i32)".into()
        })
    );
    let bad_alloc = contract(r#"(func (export "alloc") (param i64) (result i64) (i64.const 0))"#);
    assert!(
        matches!(check(&bad_alloc, Limits::default()), Err(E::ExportSignature { name, .. }) if name == "alloc")
    );
    let bad_deploy = contract(r#"(func (export "deploy"))"#);
    assert!(
        matches!(check(&bad_deploy, Limits::default()), Err(E::ExportSignature { name, .. }) if name == "deploy")
    );
    let memory_as_function = module(&format!(r#"(memory 1) (func (export "memory")) {EXECUTE}"#));
    assert!(
        matches!(check(&memory_as_function, Limits::default()), Err(E::ExportSignature { name, expected, .. }) if name == "memory" && expected == "memory")
    );
    let reserved = contract(r#"(global (export "__runtime_vm_stack_height") i32 (i32.const 0))"#);
    assert_eq!(
        check(&reserved, Limits::default()),
        Err(E::ReservedExport("__runtime_vm_stack_height".into()))
    );
}

#[test]
fn start_functions_are_refused() {
    let code = contract("(func $s) (start $s)");
    assert_eq!(check(&code, Limits::default()), Err(E::StartFunction));
}

#[test]
fn cosmwasm_is_detected_by_its_interface_version() {
    // Checked against CosmWasm's exports from then on (`tests/all/cosmwasm.rs`).
    let code = contract(r#"(func (export "interface_version_8"))"#);
    assert_eq!(
        check(&code, Limits::default()),
        Err(E::MissingExport("allocate".into()))
    );
}

#[test]
fn executing_invalid_code_is_a_named_error() {
    let mut env = Env::new();
    env.install(CONTRACT, &module(EXECUTE));
    let error = env.run(env.request(CONTRACT, &[])).unwrap_err();
    assert_eq!(
        error,
        runtime_vm::Error::Validation(E::MemoryCount { count: 0 }).into()
    );
}
