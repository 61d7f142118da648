//! `runtime-vm check`: validation and a description of the contract.

use std::path::Path;

use runtime_vm::abi::{cosmwasm, Abi};
use runtime_vm::{validate, ExportKind, Limits, ModuleInfo, Semantics, ValidationError};

use crate::{read_file, variant_name};

/// Validates `path` and prints what it found.
pub fn check(path: &Path) -> Result<(), String> {
    let code = read_file(path)?;
    let info = validated(path, &code)?;
    describe(path, &code, &info);
    Ok(())
}

/// Validates `code` (read from `path`) under the default limits and the
/// newest semantics; the error names the file and the validation error.
pub fn validated(path: &Path, code: &[u8]) -> Result<ModuleInfo, String> {
    validate(code, &Limits::default(), Semantics::LATEST)
        .map_err(|e: ValidationError| format!("{} [{}]: {e}", path.display(), variant_name(&e)))
}

/// Prints what validation found in `code`.
pub fn describe(path: &Path, code: &[u8], info: &ModuleInfo) {
    let limits = Limits::default();
    println!("{}: valid", path.display());
    println!("abi: {}", info.abi);
    if info.abi == Abi::CosmWasm {
        let entry_points: Vec<&str> = cosmwasm::ENTRY_POINTS
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| info.exports_function(name))
            .collect();
        println!("entry points: {}", entry_points.join(", "));
        println!("capabilities: {}", info.capabilities.join(", "));
    }
    println!("size: {} bytes", code.len());
    println!("exports:");
    for export in &info.exports {
        let kind = match export.kind {
            ExportKind::Function => "func",
            ExportKind::Memory => "memory",
            ExportKind::Table => "table",
            ExportKind::Global => "global",
            ExportKind::Other => "other",
        };
        let signature = export.signature.as_deref().unwrap_or("");
        println!("  {kind:6} {} {signature}", export.name);
    }
    println!("imports:");
    for import in &info.imports {
        println!("  {}.{} {}", import.module, import.name, import.signature);
    }
    let u = &info.usage;
    let (upload, run) = (&limits.code, &limits.execution);
    println!("limits (used / max):");
    let rows: [(&str, u64, u64); 13] = [
        ("code bytes", u.code_len.into(), upload.max_code_len.into()),
        ("functions", u.functions.into(), upload.max_functions.into()),
        (
            "locals per function",
            u.max_locals.into(),
            upload.max_locals.into(),
        ),
        (
            "function body bytes",
            u.max_function_body_len.into(),
            upload.max_function_body_len.into(),
        ),
        ("globals", u.globals.into(), upload.max_globals.into()),
        ("tables", u.tables.into(), upload.max_tables.into()),
        (
            "table elements",
            u.table_elements,
            upload.max_table_elements.into(),
        ),
        (
            "element segments",
            u.element_segments.into(),
            upload.max_element_segments.into(),
        ),
        (
            "data segments",
            u.data_segments.into(),
            upload.max_data_segments.into(),
        ),
        ("imports", u.imports.into(), upload.max_imports.into()),
        ("memory pages", u.memory_pages, run.max_memory_pages.into()),
        (
            "frame stack height",
            u.max_frame_cost.into(),
            run.max_stack_height.into(),
        ),
        (
            "compile cost",
            u.compile_cost,
            upload.max_compile_cost(u.code_len),
        ),
    ];
    for (name, used, max) in rows {
        println!("  {name:22} {used:>9} / {max}");
    }
}
