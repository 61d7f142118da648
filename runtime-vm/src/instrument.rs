//! Instrumentation: the rewrite every module gets before it is compiled.
//!
//! Two jobs, both for determinism under the baseline compiler (see
//! `engine.rs`): a stack-height bound that trips at the same depth on every
//! machine, and fuel for the library calls Winch does not meter itself.
//! What it inserts decides results and costs, so it is part of the VM's
//! [semantics](crate::semantics): the charges come from the version's
//! prices, and any other change to the rewrite is a new version.
//!
//! # Library calls
//!
//! Before every operator that Winch compiles to a call into Wasmtime's
//! runtime ([`operators::charge`] says which and how), the rewrite inserts a
//! call to its family's charging host function (one import per entry of
//! [`CHARGES`]). One without a per-unit price takes nothing (`[] -> []`);
//! the others are `[i32] -> [i32]`: they take the operator's length, page
//! count or element count from the top of the stack and give it back
//! unchanged. Each charges its base plus the per-unit price of the operand,
//! so the charge happens before the operator runs, whatever the operand
//! (zero included), and a contract out of fuel never starts the work.
//!
//! # Stack height
//!
//! Wasmtime bounds the *native* stack (`max_wasm_stack`), whose use per wasm
//! frame depends on the compiler's register allocation and the target CPU: a
//! recursion depth that fits on one node could overflow on another. Consensus
//! needs a bound that trips at the same point everywhere, so every defined
//! function is rewritten as
//!
//! ```text
//! height += cost; if height > limit { stack_exhausted() }
//! block (result ...)          ;; the original body; `return` becomes `br` to here
//!   ...
//! end
//! height -= cost
//! ```
//!
//! where `height` is a new mutable global, `cost` is the function's frame cost
//! from validation (`FRAME_OVERHEAD + locals + max operand stack height`, in
//! units of one 8-byte value), and `stack_exhausted` is a new host import
//! that traps with [`TrapKind::StackExhausted`](crate::TrapKind::StackExhausted).
//! Wrapping the body in a block makes every way out of the function
//! (fall-through, `br` to the outermost label, `return`) pass the epilogue.
//!
//! `height` is exported as [`STACK_HEIGHT_EXPORT`]: when a contract calls
//! another, the callee's instance starts at its caller's height, so the limit
//! bounds the whole call stack, not each instance alone.
//!
//! # Imported memory
//!
//! A module that imports its memory (as ink! contracts do) gets it defined
//! instead, with the sizes validation resolved, and exported as [`MEMORY`]:
//! each frame's instance then owns its memory, as with every other ABI.
//! A memory import shifts no function index.
//!
//! The new imports are appended after the module's own imports, so every
//! defined function's index shifts up by [`ADDED_IMPORTS`]; `wasm-encoder`'s
//! reencoder renumbers every reference. Custom sections are dropped: nothing at run
//! time reads them.

use std::collections::HashMap;

use wasm_encoder::reencode::{self, Reencode};
use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, EntityType, ExportKind, ExportSection, GlobalSection,
    GlobalType, ImportSection, Instruction, MemorySection, Module, SectionId, TypeSection, ValType,
};

use crate::abi::table::MEMORY;
use crate::operators::{self, Charge, CHARGES};
use crate::semantics::Semantics;
use crate::Error;

/// Import module of the VM's own instrumentation imports.
pub(crate) const INSTRUMENTATION_MODULE: &str = "__runtime_vm";
/// Import name of the function that traps on stack exhaustion.
pub(crate) const STACK_EXHAUSTED: &str = "stack_exhausted";
/// How many functions the rewrite imports (in this order: [`STACK_EXHAUSTED`],
/// then each of [`CHARGES`]).
const ADDED_IMPORTS: u32 = 1 + CHARGES.len() as u32;
/// Export name of the stack-height global. Names with this prefix are
/// reserved: validation rejects contracts that export them.
pub const STACK_HEIGHT_EXPORT: &str = "__runtime_vm_stack_height";
/// The prefix of every name the VM reserves.
pub const RESERVED_PREFIX: &str = "__runtime_vm";

/// Per-module facts the instrumentation needs, gathered by validation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FunctionFacts {
    /// Every type in the type section, in order.
    pub types: Vec<wasmparser::FuncType>,
    /// Number of imported functions.
    pub imported: u32,
    /// For each defined function: its type index and its frame's stack-height cost.
    pub defined: Vec<DefinedFunction>,
    /// The memory the module imports, with the sizes it gets (for an ABI
    /// whose contracts import their memory): the rewrite defines it instead
    /// and exports it as [`MEMORY`].
    pub imported_memory: Option<wasmparser::MemoryType>,
}

/// A defined function as the instrumentation sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DefinedFunction {
    /// Index into [`FunctionFacts::types`].
    pub type_index: u32,
    /// [`FRAME_OVERHEAD`](crate::FRAME_OVERHEAD) + locals (params included) + max
    /// operand stack height.
    pub frame_cost: u32,
}

/// Rewrites a validated module so its stack height is bounded by `limit` and
/// its library calls pay what `semantics` prices them at before they run.
///
/// # Errors
///
/// [`Error::Internal`] if the module cannot be re-encoded; validation has
/// already accepted it, so this indicates a bug rather than bad input.
pub(crate) fn instrument(
    code: &[u8],
    facts: &FunctionFacts,
    limit: u32,
    semantics: Semantics,
) -> Result<Vec<u8>, Error> {
    let mut limiter = Instrumenter::new(facts, limit, semantics);
    let mut module = Module::new();
    limiter
        .parse_core_module(&mut module, wasmparser::Parser::new(0), code)
        .map_err(|e| Error::Internal(format!("instrumentation failed: {e}")))?;
    Ok(module.finish())
}

struct Instrumenter<'a> {
    facts: &'a FunctionFacts,
    limit: u32,
    semantics: Semantics,
    /// Type index of `[] -> []`, the signature of `stack_exhausted` and of
    /// the charges without a per-unit price; the next index is
    /// `[i32] -> [i32]`, the signature of the others.
    exhausted_type: u32,
    /// Block types for functions with several results: `[] -> results`.
    multi_result_types: HashMap<Vec<wasmparser::ValType>, u32>,
    /// Index of the height global: after every global the module defines
    /// (contracts import no globals).
    height_global: u32,
    next_defined: usize,
    imports_written: bool,
    memory_written: bool,
    globals_written: bool,
    exports_written: bool,
}

impl<'a> Instrumenter<'a> {
    fn new(facts: &'a FunctionFacts, limit: u32, semantics: Semantics) -> Self {
        let exhausted_type = facts.types.len() as u32;
        let mut multi_result_types = HashMap::new();
        for function in &facts.defined {
            let results = facts.types[function.type_index as usize].results();
            if results.len() > 1 && !multi_result_types.contains_key(results) {
                let index = exhausted_type + 2 + multi_result_types.len() as u32;
                multi_result_types.insert(results.to_vec(), index);
            }
        }
        Self {
            facts,
            limit,
            semantics,
            exhausted_type,
            multi_result_types,
            height_global: 0,
            next_defined: 0,
            imports_written: false,
            // Only an imported memory is written by the rewrite.
            memory_written: facts.imported_memory.is_none(),
            globals_written: false,
            exports_written: false,
        }
    }

    fn add_imports(&mut self, imports: &mut ImportSection) {
        let nothing = EntityType::Function(self.exhausted_type);
        imports.import(INSTRUMENTATION_MODULE, STACK_EXHAUSTED, nothing);
        for charge in CHARGES {
            let ty = match charge.per_unit {
                None => nothing,
                Some(_) => EntityType::Function(self.exhausted_type + 1),
            };
            imports.import(INSTRUMENTATION_MODULE, charge.name, ty);
        }
        self.imports_written = true;
    }

    /// Index of the `n`th added import.
    fn added_import(&self, n: u32) -> u32 {
        self.facts.imported + n
    }

    /// Index of the import making `charge`.
    fn charge_function(&self, charge: Charge) -> u32 {
        let position = CHARGES.iter().position(|c| *c == charge);
        self.added_import(1 + position.expect("every charge is imported") as u32)
    }

    fn add_height_global(&mut self, globals: &mut GlobalSection) {
        self.height_global = globals.len();
        globals.global(
            GlobalType {
                val_type: ValType::I32,
                mutable: true,
                shared: false,
            },
            &ConstExpr::i32_const(0),
        );
        self.globals_written = true;
    }

    fn add_height_export(&mut self, exports: &mut ExportSection) {
        exports.export(STACK_HEIGHT_EXPORT, ExportKind::Global, self.height_global);
        if self.facts.imported_memory.is_some() {
            exports.export(MEMORY, ExportKind::Memory, 0);
        }
        self.exports_written = true;
    }

    /// Defines the memory the module imported.
    fn add_memory(&mut self, module: &mut Module) {
        if let Some(memory) = self.facts.imported_memory {
            let mut memories = MemorySection::new();
            memories.memory(reencode::utils::memory_type(self, memory));
            module.section(&memories);
        }
        self.memory_written = true;
    }

    fn block_type(&mut self, type_index: u32) -> Result<BlockType, reencode::Error> {
        let results = self.facts.types[type_index as usize].results();
        Ok(match results {
            [] => BlockType::Empty,
            [one] => BlockType::Result(self.val_type(*one)?),
            many => BlockType::FunctionType(self.multi_result_types[many]),
        })
    }

    fn adjust_height(&self, f: &mut wasm_encoder::Function, cost: u32, op: Instruction<'_>) {
        f.instruction(&Instruction::GlobalGet(self.height_global))
            .instruction(&Instruction::I32Const(cost as i32))
            .instruction(&op)
            .instruction(&Instruction::GlobalSet(self.height_global));
    }
}

/// Where a section sits in a module's required order (ids alone do not tell:
/// `DataCount` and `Tag` are numbered out of order).
fn position(id: SectionId) -> u8 {
    match id {
        SectionId::Type => 1,
        SectionId::Import => 2,
        SectionId::Function => 3,
        SectionId::Table => 4,
        SectionId::Memory => 5,
        SectionId::Tag => 6,
        SectionId::Global => 7,
        SectionId::Export => 8,
        SectionId::Start => 9,
        SectionId::Element => 10,
        SectionId::DataCount => 11,
        SectionId::Code => 12,
        SectionId::Data => 13,
        _ => 0,
    }
}

/// Whether a missing section of kind `id` belongs between `after` and `before`.
fn belongs_between(id: SectionId, after: Option<SectionId>, before: Option<SectionId>) -> bool {
    let at = position(id);
    after.is_none_or(|a| position(a) < at) && before.is_none_or(|b| position(b) > at)
}

impl Reencode for Instrumenter<'_> {
    type Error = std::convert::Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, reencode::Error> {
        Ok(if func >= self.facts.imported {
            func + ADDED_IMPORTS
        } else {
            func
        })
    }

    fn parse_type_section(
        &mut self,
        types: &mut TypeSection,
        section: wasmparser::TypeSectionReader<'_>,
    ) -> Result<(), reencode::Error> {
        reencode::utils::parse_type_section(self, types, section)?;
        types.ty().function([], []);
        types.ty().function([ValType::I32], [ValType::I32]);
        let mut extra: Vec<_> = self
            .multi_result_types
            .iter()
            .map(|(r, i)| (*i, r.clone()))
            .collect();
        extra.sort();
        for (_, results) in extra {
            let results = results
                .into_iter()
                .map(|t| self.val_type(t))
                .collect::<Result<Vec<_>, _>>()?;
            types.ty().function([], results);
        }
        Ok(())
    }

    fn parse_import_section(
        &mut self,
        imports: &mut ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<(), reencode::Error> {
        for import in section.into_imports() {
            let import = import?;
            // An imported memory is defined instead (`add_memory`).
            if !matches!(import.ty, wasmparser::TypeRef::Memory(_)) {
                let ty = self.entity_type(import.ty)?;
                imports.import(import.module, import.name, ty);
            }
        }
        self.add_imports(imports);
        Ok(())
    }

    fn parse_global_section(
        &mut self,
        globals: &mut GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), reencode::Error> {
        reencode::utils::parse_global_section(self, globals, section)?;
        self.add_height_global(globals);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error> {
        reencode::utils::parse_export_section(self, exports, section)?;
        self.add_height_export(exports);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut Module,
        after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), reencode::Error> {
        if !self.imports_written && belongs_between(SectionId::Import, after, before) {
            let mut imports = ImportSection::new();
            self.add_imports(&mut imports);
            module.section(&imports);
        }
        if !self.memory_written && belongs_between(SectionId::Memory, after, before) {
            self.add_memory(module);
        }
        if !self.globals_written && belongs_between(SectionId::Global, after, before) {
            let mut globals = GlobalSection::new();
            self.add_height_global(&mut globals);
            module.section(&globals);
        }
        if !self.exports_written && belongs_between(SectionId::Export, after, before) {
            let mut exports = ExportSection::new();
            self.add_height_export(&mut exports);
            module.section(&exports);
        }
        Ok(())
    }

    fn parse_custom_section(
        &mut self,
        _module: &mut Module,
        _section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<(), reencode::Error> {
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        body: wasmparser::FunctionBody<'_>,
    ) -> Result<(), reencode::Error> {
        let function = self.facts.defined[self.next_defined];
        self.next_defined += 1;
        let block_type = self.block_type(function.type_index)?;
        let mut f = self.new_function_with_parsed_locals(&body)?;

        self.adjust_height(&mut f, function.frame_cost, Instruction::I32Add);
        f.instruction(&Instruction::GlobalGet(self.height_global))
            .instruction(&Instruction::I32Const(self.limit as i32))
            .instruction(&Instruction::I32GtU)
            .instruction(&Instruction::If(BlockType::Empty))
            .instruction(&Instruction::Call(self.added_import(0)))
            .instruction(&Instruction::End)
            .instruction(&Instruction::Block(block_type));

        // Open blocks inside the original body; the wrapper block is label `depth`.
        let mut depth = 0u32;
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            match op {
                wasmparser::Operator::Block { .. }
                | wasmparser::Operator::Loop { .. }
                | wasmparser::Operator::If { .. }
                | wasmparser::Operator::TryTable { .. } => depth += 1,
                wasmparser::Operator::End if depth == 0 => {
                    f.instruction(&Instruction::End);
                    self.adjust_height(&mut f, function.frame_cost, Instruction::I32Sub);
                    f.instruction(&Instruction::End);
                    continue;
                }
                wasmparser::Operator::End => depth -= 1,
                wasmparser::Operator::Return => {
                    f.instruction(&Instruction::Br(depth));
                    continue;
                }
                _ => {
                    if let Some(charge) = operators::charge(&op, self.semantics) {
                        f.instruction(&Instruction::Call(self.charge_function(charge)));
                    }
                }
            }
            f.instruction(&self.instruction(op)?);
        }
        code.function(&f);
        Ok(())
    }
}
