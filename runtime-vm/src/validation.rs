//! Validation: everything checked before code is compiled or stored.
//!
//! One pass of `wasmparser` over the module validates it for [`FEATURES`],
//! measures it against the [`Limits`], checks its imports and exports against
//! the ABI, and computes each function's stack-height cost for the
//! instrumentation. Nothing reaches the compiler without passing here.

use std::collections::BTreeSet;

use wasmparser::{
    CompositeInnerType, DataKind, Element, ElementItems, ElementKind, ExternalKind, FuncType,
    FunctionBody, Operator, OperatorsReader, Parser, Payload, TypeRef, ValidPayload, Validator,
};

use crate::abi::table::{self, AbiRules, Exports, MemoryRule, Signature, MEMORY};
use crate::compile_cost;
use crate::engine::FEATURES;
use crate::instrument::{DefinedFunction, FunctionFacts, RESERVED_PREFIX};
use crate::semantics::Semantics;
use crate::{Abi, Limits, ValidationError};

/// The stack-height cost of a frame beyond its locals and operands, in
/// 8-byte units: return address, frame pointer, callee-saved registers and
/// the instrumentation's own bookkeeping (64 bytes).
pub const FRAME_OVERHEAD: u32 = 8;

/// What validation learned about a module: its ABI, interface and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleInfo {
    /// The ABI the module implements.
    pub abi: Abi,
    /// The module's imports, as `module.name` with their signatures.
    pub imports: Vec<ImportInfo>,
    /// The module's exports.
    pub exports: Vec<ExportInfo>,
    /// The capabilities it requires of its ABI (CosmWasm's `requires_*`
    /// exports); empty for an ABI without them.
    pub capabilities: Vec<String>,
    /// Its CosmWasm migrate version (the `cw_migrate_version` custom
    /// section, a decimal number), if it has one.
    pub migrate_version: Option<u64>,
    /// How much of each limit the module uses.
    pub usage: Usage,
    /// What the stack-height instrumentation needs.
    pub(crate) functions: FunctionFacts,
}

impl ModuleInfo {
    /// Whether the module exports a function named `name`.
    pub fn exports_function(&self, name: &str) -> bool {
        self.exports
            .iter()
            .any(|e| e.name == name && e.kind == ExportKind::Function)
    }
}

/// One import of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportInfo {
    /// Import module (always `env` for a valid contract).
    pub module: String,
    /// Import name.
    pub name: String,
    /// Its signature, as `(i32, i32) -> (i32)`.
    pub signature: String,
}

/// One export of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportInfo {
    /// Export name.
    pub name: String,
    /// What kind of item it is.
    pub kind: ExportKind,
    /// For a function, its signature.
    pub signature: Option<String>,
}

/// The kind of an exported item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A function.
    Function,
    /// A linear memory.
    Memory,
    /// A table.
    Table,
    /// A global.
    Global,
    /// Anything else (tags).
    Other,
}

/// How much of each [`Limits`] entry a module uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Code length in bytes.
    pub code_len: u32,
    /// Functions, imported and defined.
    pub functions: u32,
    /// The most locals (parameters included) of any function.
    pub max_locals: u32,
    /// The largest function body, in bytes.
    pub max_function_body_len: u32,
    /// Globals.
    pub globals: u32,
    /// Tables.
    pub tables: u32,
    /// The largest table's initial size.
    pub table_elements: u64,
    /// Element segments.
    pub element_segments: u32,
    /// Data segments.
    pub data_segments: u32,
    /// Imports.
    pub imports: u32,
    /// Initial memory pages.
    pub memory_pages: u64,
    /// The largest stack-height cost of one frame of any function.
    pub max_frame_cost: u32,
    /// Elements the start-up function writes at each instantiation
    /// (`compile_cost::INSTANTIATED_ELEMENT`).
    pub instantiated_elements: u64,
    /// Compile cost, in units of one byte of ordinary code (`compile_cost.rs`).
    pub compile_cost: u64,
}

/// Where code being validated comes from, which decides whether its compile
/// cost is held to the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// An upload: refused over its budget.
    Upload,
    /// Code the chain stores, compiled again (a new node, a new version of
    /// the semantics): it was held to the budget of the version it was
    /// uploaded under, which a later version's model may count higher.
    /// Refusing it now would leave its contracts uncallable, so its cost is
    /// counted and not checked.
    Stored,
}

/// Validates `code` from `origin` for the ABI it implements (the first of
/// `abis` whose rules claim it), its compile cost counted under `semantics`.
///
/// # Errors
///
/// The first [`ValidationError`] found, in the order: size, wasm validity
/// (for the enabled feature set), each limit, the compile-cost budget (for
/// an upload), the ABI's imports and exports.
pub(crate) fn validate<'a>(
    code: &[u8],
    limits: &Limits,
    semantics: Semantics,
    origin: Origin,
    abis: impl IntoIterator<Item = &'a AbiRules>,
) -> Result<ModuleInfo, ValidationError> {
    if code.len() > limits.code.max_code_len as usize {
        return Err(ValidationError::CodeTooLarge {
            len: u32::try_from(code.len()).unwrap_or(u32::MAX),
            max: limits.code.max_code_len,
        });
    }
    let scan = Scan::run(code, limits, Bodies::Check(semantics))?;
    let max = limits.code.max_compile_cost(scan.usage.code_len);
    if origin == Origin::Upload && scan.usage.compile_cost > max {
        return Err(ValidationError::CompileCostTooHigh {
            cost: scan.usage.compile_cost,
            max,
        });
    }
    scan.into_module(limits, abis)
}

/// What [`validate`] reports of `code` that already passed it under the
/// same `limits` (its compiled artifact was made from it), without checking
/// function bodies again: sections are read and checked, bodies skipped, at
/// a small fraction of the cost. The per-body usage figures (locals, body
/// length, frame cost), the compile cost and the instrumentation's facts
/// are left empty: only
/// code that is never instrumented again may be described this way.
pub(crate) fn describe<'a>(
    code: &[u8],
    limits: &Limits,
    abis: impl IntoIterator<Item = &'a AbiRules>,
) -> Result<ModuleInfo, ValidationError> {
    Scan::run(code, limits, Bodies::Skip)?.into_module(limits, abis)
}

/// Whether a pass over a module checks its function bodies, and counts
/// their compile cost under which semantics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bodies {
    Check(Semantics),
    Skip,
}

/// The raw facts of one pass over a module.
#[derive(Default)]
struct Scan {
    usage: Usage,
    facts: FunctionFacts,
    /// Type index of every function, imported first.
    function_types: Vec<u32>,
    imports: Vec<(String, String, TypeRef)>,
    exports: Vec<(String, ExternalKind, u32)>,
    /// Functions callable from outside their code (exported, or in an
    /// element segment): each gets a trampoline compiled.
    escaping: BTreeSet<u32>,
    /// Functions a global's initializer names (`ref.func`): Wasmtime
    /// compiles a trampoline for each too.
    named_by_globals: BTreeSet<u32>,
    /// For each table, imported first: its initial size if the module
    /// defines it and it holds functions (only such a table has an image
    /// Wasmtime fills at compile time).
    table_images: Vec<Option<u64>>,
    /// Whether an active element segment could not be put in its table's
    /// image: from it on, the start-up function writes every element.
    image_broken: bool,
    /// Active data segments: the start-up function copies each.
    active_data_segments: u32,
    memories: u32,
    has_start: bool,
    migrate_version: Option<u64>,
}

/// The custom section holding a CosmWasm contract's migrate version.
const MIGRATE_VERSION_SECTION: &str = "cw_migrate_version";

/// The most of a name (or a parser message, which may quote one) a
/// [`ValidationError`] repeats: a module's names are as long as it likes,
/// and the error travels to the runtime in a buffer of bounded size.
const MAX_SHOWN_LEN: usize = 256;

/// `text`, cut to [`MAX_SHOWN_LEN`] bytes at a character boundary, marked `…` if cut.
pub(crate) fn shown(text: &str) -> String {
    if text.len() <= MAX_SHOWN_LEN {
        return text.to_string();
    }
    let mut end = MAX_SHOWN_LEN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn invalid(e: wasmparser::BinaryReaderError) -> ValidationError {
    ValidationError::InvalidWasm(shown(&e.to_string()))
}

impl Scan {
    fn run(code: &[u8], limits: &Limits, bodies: Bodies) -> Result<Self, ValidationError> {
        let mut scan = Scan::default();
        scan.usage.code_len = code.len() as u32;
        let mut validator = Validator::new_with_features(FEATURES);
        for payload in Parser::new(0).parse_all(code) {
            let payload = payload.map_err(invalid)?;
            let valid = validator.payload(&payload).map_err(invalid)?;
            scan.record(&payload, limits)?;
            if let (ValidPayload::Func(to_validate, body), Bodies::Check(semantics)) =
                (valid, bodies)
            {
                let index = to_validate.index;
                let mut func = to_validate.into_validator(Default::default());
                scan.check_body(index, &mut func, &body, limits, semantics)?;
            }
        }
        if let Bodies::Check(semantics) = bodies {
            scan.usage.compile_cost += compile_cost::module(&scan.sections(), semantics);
        }
        Ok(scan)
    }

    fn record(&mut self, payload: &Payload<'_>, limits: &Limits) -> Result<(), ValidationError> {
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader.clone() {
                    for sub in group.map_err(invalid)?.into_types() {
                        if let CompositeInnerType::Func(ty) = sub.composite_type.inner {
                            self.facts.types.push(ty);
                        }
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    let import = import.map_err(invalid)?;
                    if let TypeRef::Func(ty) | TypeRef::FuncExact(ty) = import.ty {
                        self.function_types.push(ty);
                        self.facts.imported += 1;
                    }
                    match import.ty {
                        TypeRef::Memory(_) => self.memories += 1,
                        TypeRef::Table(_) => self.table_images.push(None),
                        _ => {}
                    }
                    self.imports.push((
                        import.module.to_string(),
                        import.name.to_string(),
                        import.ty,
                    ));
                }
                self.usage.imports = self.imports.len() as u32;
                limit(self.usage.imports, limits.code.max_imports, |count, max| {
                    ValidationError::TooManyImports { count, max }
                })?;
            }
            Payload::FunctionSection(reader) => {
                for ty in reader.clone() {
                    self.function_types.push(ty.map_err(invalid)?);
                }
                self.usage.functions = self.function_types.len() as u32;
                limit(
                    self.usage.functions,
                    limits.code.max_functions,
                    |count, max| ValidationError::TooManyFunctions { count, max },
                )?;
            }
            Payload::TableSection(reader) => {
                for table in reader.clone() {
                    let table = table.map_err(invalid)?;
                    self.usage.tables += 1;
                    let elements = table.ty.initial;
                    self.usage.table_elements = self.usage.table_elements.max(elements);
                    self.table_images
                        .push(table.ty.element_type.is_func_ref().then_some(elements));
                    if elements > u64::from(limits.code.max_table_elements) {
                        return Err(ValidationError::TableTooLarge {
                            elements,
                            max: limits.code.max_table_elements,
                        });
                    }
                }
                limit(self.usage.tables, limits.code.max_tables, |count, max| {
                    ValidationError::TooManyTables { count, max }
                })?;
            }
            Payload::MemorySection(reader) => {
                for memory in reader.clone() {
                    let memory = memory.map_err(invalid)?;
                    self.memories += 1;
                    self.usage.memory_pages = memory.initial;
                    if memory.initial > u64::from(limits.execution.max_memory_pages) {
                        return Err(ValidationError::MemoryTooLarge {
                            pages: memory.initial,
                            max: limits.execution.max_memory_pages,
                        });
                    }
                }
            }
            Payload::GlobalSection(reader) => {
                self.usage.globals = reader.count();
                for global in reader.clone() {
                    for op in global.map_err(invalid)?.init_expr.get_operators_reader() {
                        if let Operator::RefFunc { function_index } = op.map_err(invalid)? {
                            self.named_by_globals.insert(function_index);
                        }
                    }
                }
                limit(self.usage.globals, limits.code.max_globals, |count, max| {
                    ValidationError::TooManyGlobals { count, max }
                })?;
            }
            Payload::ExportSection(reader) => {
                for export in reader.clone() {
                    let export = export.map_err(invalid)?;
                    if export.name.starts_with(RESERVED_PREFIX) {
                        return Err(ValidationError::ReservedExport(shown(export.name)));
                    }
                    if export.kind == ExternalKind::Func {
                        self.escaping.insert(export.index);
                    }
                    self.exports
                        .push((export.name.to_string(), export.kind, export.index));
                }
            }
            Payload::StartSection { .. } => self.has_start = true,
            Payload::CustomSection(reader) if reader.name() == MIGRATE_VERSION_SECTION => {
                let version = std::str::from_utf8(reader.data())
                    .ok()
                    .and_then(|text| text.parse::<u64>().ok());
                let Some(version) = version else {
                    let data = String::from_utf8_lossy(reader.data());
                    return Err(ValidationError::InvalidWasm(shown(&format!(
                        "{MIGRATE_VERSION_SECTION} is not a number: {data}"
                    ))));
                };
                self.migrate_version = Some(version);
            }
            Payload::ElementSection(reader) => {
                self.usage.element_segments = reader.count();
                for segment in reader.clone() {
                    let segment = segment.map_err(invalid)?;
                    if self.written_at_instantiation(&segment) {
                        let count = match &segment.items {
                            ElementItems::Functions(items) => items.count(),
                            ElementItems::Expressions(_, items) => items.count(),
                        };
                        self.usage.instantiated_elements += u64::from(count);
                    }
                    match segment.items {
                        ElementItems::Functions(items) => {
                            for function in items {
                                self.escaping.insert(function.map_err(invalid)?);
                                self.usage.compile_cost += compile_cost::TABLE_ELEMENT;
                            }
                        }
                        ElementItems::Expressions(_, items) => {
                            for item in items {
                                for op in item.map_err(invalid)?.get_operators_reader() {
                                    if let Operator::RefFunc { function_index } =
                                        op.map_err(invalid)?
                                    {
                                        self.escaping.insert(function_index);
                                    }
                                }
                                self.usage.compile_cost += compile_cost::TABLE_ELEMENT;
                            }
                        }
                    }
                }
                limit(
                    self.usage.element_segments,
                    limits.code.max_element_segments,
                    |count, max| ValidationError::TooManyElementSegments { count, max },
                )?;
            }
            Payload::DataSection(reader) => {
                self.usage.data_segments = reader.count();
                for segment in reader.clone() {
                    if let DataKind::Active { .. } = segment.map_err(invalid)?.kind {
                        self.active_data_segments += 1;
                    }
                }
                limit(
                    self.usage.data_segments,
                    limits.code.max_data_segments,
                    |count, max| ValidationError::TooManyDataSegments { count, max },
                )?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Validates one function body and records its locals, size and frame cost.
    fn check_body(
        &mut self,
        function: u32,
        func: &mut wasmparser::FuncValidator<wasmparser::ValidatorResources>,
        body: &FunctionBody<'_>,
        limits: &Limits,
        semantics: Semantics,
    ) -> Result<(), ValidationError> {
        let len = body.range().len() as u32;
        self.usage.max_function_body_len = self.usage.max_function_body_len.max(len);
        if len > limits.code.max_function_body_len {
            return Err(ValidationError::FunctionBodyTooLarge {
                function,
                len,
                max: limits.code.max_function_body_len,
            });
        }
        let mut reader = body.get_binary_reader();
        func.read_locals(&mut reader).map_err(invalid)?;
        let locals = func.len_locals();
        self.usage.max_locals = self.usage.max_locals.max(locals);
        if locals > limits.code.max_locals {
            return Err(ValidationError::TooManyLocals {
                function,
                count: locals,
                max: limits.code.max_locals,
            });
        }
        reader.set_features(FEATURES);
        // One decode per operator: validated, then counted.
        let mut operators = OperatorsReader::new(reader);
        let mut max_operands = 0;
        let mut cost = compile_cost::function(body.range().len(), locals);
        while !operators.eof() {
            let (operator, offset) = operators.read_with_offset().map_err(invalid)?;
            // The values it moves depend on the control frames before it.
            let moved = self.values_moved(func, &operator);
            func.op(offset, &operator).map_err(invalid)?;
            cost += compile_cost::operator(&operator, semantics) + compile_cost::VALUE * moved;
            max_operands = max_operands.max(func.operand_stack_height());
        }
        let end = operators.original_position();
        operators
            .get_binary_reader()
            .finish_expression(&func.visitor(end))
            .map_err(invalid)?;
        self.usage.compile_cost += cost;

        let frame_cost = FRAME_OVERHEAD + locals + max_operands;
        self.usage.max_frame_cost = self.usage.max_frame_cost.max(frame_cost);
        // A frame over the whole stack budget could never run: reject it at upload.
        if frame_cost > limits.execution.max_stack_height {
            return Err(ValidationError::FrameTooLarge {
                function,
                cost: frame_cost,
                max: limits.execution.max_stack_height,
            });
        }
        let type_index = self.function_types[function as usize];
        self.facts.defined.push(DefinedFunction {
            type_index,
            frame_cost,
        });
        Ok(())
    }

    /// How many values `op` moves between registers and stack slots in the
    /// code Winch emits for it: a call's parameters and results, a branch's
    /// label arity (for each `br_table` target), a block boundary's
    /// parameters and results, a `return`'s results. Asked before `op` is
    /// validated, while the control frames are those it sees; 0 for
    /// anything validation will refuse.
    fn values_moved(
        &self,
        func: &wasmparser::FuncValidator<wasmparser::ValidatorResources>,
        op: &Operator<'_>,
    ) -> u64 {
        let block = |ty: wasmparser::BlockType| -> (usize, usize) {
            match ty {
                wasmparser::BlockType::Empty => (0, 0),
                wasmparser::BlockType::Type(_) => (0, 1),
                wasmparser::BlockType::FuncType(index) => self
                    .facts
                    .types
                    .get(index as usize)
                    .map_or((0, 0), |ty| (ty.params().len(), ty.results().len())),
            }
        };
        let frame = |depth: u32| func.get_control_frame(depth as usize);
        // A branch to a loop passes its parameters, to anything else its results.
        let label = |depth: u32| {
            frame(depth).map_or(0, |frame| {
                let (params, results) = block(frame.block_type);
                match frame.kind {
                    wasmparser::FrameKind::Loop => params,
                    _ => results,
                }
            })
        };
        let signature =
            |ty: Option<&FuncType>| ty.map_or(0, |ty| ty.params().len() + ty.results().len());
        let moved = match op {
            Operator::Call { function_index } => signature(self.function_type(*function_index)),
            Operator::CallIndirect { type_index, .. } => {
                signature(self.facts.types.get(*type_index as usize))
            }
            Operator::Br { relative_depth } | Operator::BrIf { relative_depth } => {
                label(*relative_depth)
            }
            Operator::BrTable { targets } => {
                (targets.len() as usize + 1) * label(targets.default())
            }
            Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => {
                let (params, results) = block(*blockty);
                params + results
            }
            // The frame it ends (the function's own, last): its results.
            Operator::Else | Operator::End => frame(0).map_or(0, |frame| block(frame.block_type).1),
            Operator::Return => {
                let height = func.control_stack_height();
                height.checked_sub(1).map_or(0, label)
            }
            _ => 0,
        };
        moved as u64
    }

    /// Whether Wasmtime's start-up function writes `segment`'s elements at
    /// each instantiation: a passive segment's, and an active one's unless
    /// it and every active segment before it fit their table's image (see
    /// `compile_cost::INSTANTIATED_ELEMENT`).
    fn written_at_instantiation(&mut self, segment: &Element<'_>) -> bool {
        let ElementKind::Active {
            table_index,
            offset_expr,
        } = &segment.kind
        else {
            return matches!(segment.kind, ElementKind::Passive);
        };
        if !self.image_broken {
            let size = self
                .table_images
                .get(table_index.unwrap_or(0) as usize)
                .copied()
                .flatten();
            let mut offset = offset_expr.get_operators_reader();
            let constant = match (offset.read(), offset.read()) {
                (Ok(Operator::I32Const { value }), Ok(Operator::End)) if offset.eof() => {
                    Some(u64::from(value as u32))
                }
                _ => None,
            };
            let fits = match (size, constant, &segment.items) {
                (Some(size), Some(offset), ElementItems::Functions(items)) => {
                    offset + u64::from(items.count()) <= size
                }
                _ => false,
            };
            self.image_broken = !fits;
        }
        self.image_broken
    }

    /// What the module holds outside its function bodies that Wasmtime
    /// compiles code for.
    fn sections(&self) -> compile_cost::Sections<'_> {
        let imported = self.facts.imported;
        let types = |functions: &mut dyn Iterator<Item = u32>| -> Vec<&FuncType> {
            functions.filter_map(|f| self.function_type(f)).collect()
        };
        compile_cost::Sections {
            types: &self.facts.types,
            imported: types(&mut (0..imported)),
            escaping: types(&mut self.escaping.iter().copied()),
            escaping_defined: types(&mut self.escaping.iter().copied().filter(|&f| f >= imported)),
            named_by_globals: types(
                &mut self
                    .named_by_globals
                    .difference(&self.escaping)
                    .copied()
                    .filter(|&f| f >= imported),
            ),
            globals: self.usage.globals,
            active_data_segments: self.active_data_segments,
            instantiated_elements: self.usage.instantiated_elements,
        }
    }

    fn function_type(&self, function: u32) -> Option<&FuncType> {
        let ty = *self.function_types.get(function as usize)?;
        self.facts.types.get(ty as usize)
    }

    fn into_module<'a>(
        mut self,
        limits: &Limits,
        abis: impl IntoIterator<Item = &'a AbiRules>,
    ) -> Result<ModuleInfo, ValidationError> {
        if self.has_start {
            return Err(ValidationError::StartFunction);
        }
        if self.memories != 1 {
            return Err(ValidationError::MemoryCount {
                count: self.memories,
            });
        }
        let abi = self.abi(abis)?;
        let imports = self.check_imports(abi, limits)?;
        match abi.memory {
            MemoryRule::Exported => self.check_memory_export()?,
            // The instrumentation exports the memory under this name.
            MemoryRule::Imported { .. } if self.find_export(MEMORY).is_some() => {
                return Err(ValidationError::ReservedExport(MEMORY.into()))
            }
            MemoryRule::Imported { .. } => {}
        }
        let capabilities = (abi.check_exports)(&self)?;
        let exports = self
            .exports
            .iter()
            .map(|(name, kind, index)| ExportInfo {
                name: name.clone(),
                kind: export_kind(*kind),
                signature: (*kind == ExternalKind::Func).then(|| self.describe(*kind, *index)),
            })
            .collect();
        Ok(ModuleInfo {
            abi: abi.id,
            imports,
            exports,
            capabilities,
            migrate_version: self.migrate_version,
            usage: self.usage,
            functions: self.facts,
        })
    }

    /// The first of `abis` whose rules claim the module.
    fn abi<'a>(
        &self,
        abis: impl IntoIterator<Item = &'a AbiRules>,
    ) -> Result<&'a AbiRules, ValidationError> {
        for abi in abis {
            if (abi.detect)(self)? {
                return Ok(abi);
            }
        }
        Err(ValidationError::InvalidWasm(
            "no registered ABI claims the module".into(),
        ))
    }

    /// Checks every import against the ABI's table, and an imported memory
    /// against its rule and the limit (recording its sizes for the
    /// instrumentation).
    fn check_imports(
        &mut self,
        abi: &AbiRules,
        limits: &Limits,
    ) -> Result<Vec<ImportInfo>, ValidationError> {
        let mut infos = Vec::with_capacity(self.imports.len());
        let mut function = 0u32;
        for (module, name, ty) in &self.imports {
            let unknown = || ValidationError::UnknownImport {
                module: shown(module),
                name: shown(name),
            };
            let not_a_function = || ValidationError::NonFunctionImport {
                module: shown(module),
                name: shown(name),
            };
            let (TypeRef::Func(_) | TypeRef::FuncExact(_)) = ty else {
                let TypeRef::Memory(memory) = ty else {
                    return Err(not_a_function());
                };
                let MemoryRule::Imported {
                    module: memory_module,
                    name: memory_name,
                } = abi.memory
                else {
                    return Err(not_a_function());
                };
                if (module.as_str(), name.as_str()) != (memory_module, memory_name) {
                    return Err(not_a_function());
                }
                self.facts.imported_memory = Some(imported_memory(*memory, limits)?);
                self.usage.memory_pages = memory.initial;
                continue;
            };
            let expected = abi.import(module, name).ok_or_else(unknown)?;
            let found = self.function_type(function).ok_or_else(unknown)?;
            function += 1;
            if !expected.matches(found) {
                return Err(ValidationError::ImportSignature {
                    name: name.clone(),
                    found: signature_of(found),
                    expected: expected.to_string(),
                });
            }
            infos.push(ImportInfo {
                module: module.clone(),
                name: name.clone(),
                signature: expected.to_string(),
            });
        }
        Ok(infos)
    }

    fn find_export(&self, name: &str) -> Option<&(String, ExternalKind, u32)> {
        self.exports.iter().find(|(n, ..)| n == name)
    }

    fn check_memory_export(&self) -> Result<(), ValidationError> {
        match self.find_export(MEMORY) {
            None => Err(ValidationError::MissingExport(MEMORY.into())),
            Some((_, ExternalKind::Memory, _)) => Ok(()),
            Some((_, kind, index)) => Err(ValidationError::ExportSignature {
                name: MEMORY.into(),
                found: self.describe(*kind, *index),
                expected: "memory".into(),
            }),
        }
    }

    /// Checks that export `name` is a function with one of the `expected` signatures.
    fn check_export_signature(
        &self,
        name: &str,
        kind: ExternalKind,
        index: u32,
        expected: &[Signature],
    ) -> Result<(), ValidationError> {
        let matches = kind == ExternalKind::Func
            && self
                .function_type(index)
                .is_some_and(|ty| expected.iter().any(|s| s.matches(ty)));
        if matches {
            return Ok(());
        }
        let expected: Vec<String> = expected.iter().map(Signature::to_string).collect();
        Err(ValidationError::ExportSignature {
            name: name.into(),
            found: self.describe(kind, index),
            expected: expected.join(" or "),
        })
    }

    fn describe(&self, kind: ExternalKind, index: u32) -> String {
        match (kind, self.function_type(index)) {
            (ExternalKind::Func | ExternalKind::FuncExact, Some(ty)) => signature_of(ty),
            (ExternalKind::Memory, _) => "memory".into(),
            (ExternalKind::Table, _) => "table".into(),
            (ExternalKind::Global, _) => "global".into(),
            _ => "tag".into(),
        }
    }
}

/// The memory an imported memory of type `memory` becomes: its declared
/// sizes, the limit standing for a maximum it does not declare (as
/// pallet-contracts does).
///
/// # Errors
///
/// [`ValidationError::MemoryTooLarge`] if its initial size or declared
/// maximum is above the limit.
fn imported_memory(
    memory: wasmparser::MemoryType,
    limits: &Limits,
) -> Result<wasmparser::MemoryType, ValidationError> {
    let max = limits.execution.max_memory_pages;
    let maximum = memory.maximum.unwrap_or(u64::from(max));
    for pages in [memory.initial, maximum] {
        if pages > u64::from(max) {
            return Err(ValidationError::MemoryTooLarge { pages, max });
        }
    }
    Ok(wasmparser::MemoryType {
        maximum: Some(maximum),
        ..memory
    })
}

impl Exports for Scan {
    fn memory_import(&self) -> Option<(&str, &str)> {
        self.imports.iter().find_map(|(module, name, ty)| {
            matches!(ty, TypeRef::Memory(_)).then_some((module.as_str(), name.as_str()))
        })
    }

    fn names(&self) -> Vec<&str> {
        self.exports
            .iter()
            .map(|(name, ..)| name.as_str())
            .collect()
    }

    fn check_function(&self, name: &str, expected: &[Signature]) -> Result<bool, ValidationError> {
        let Some((_, kind, index)) = self.find_export(name) else {
            return Ok(false);
        };
        self.check_export_signature(name, *kind, *index, expected)?;
        Ok(true)
    }
}

fn export_kind(kind: ExternalKind) -> ExportKind {
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => ExportKind::Function,
        ExternalKind::Memory => ExportKind::Memory,
        ExternalKind::Table => ExportKind::Table,
        ExternalKind::Global => ExportKind::Global,
        ExternalKind::Tag => ExportKind::Other,
    }
}

fn signature_of(ty: &FuncType) -> String {
    let mut out = String::new();
    table::write_signature(&mut out, ty.params(), ty.results())
        .expect("writing to a String cannot fail");
    out
}

/// Fails with `error(count, max)` when `count > max`.
fn limit(
    count: u32,
    max: u32,
    error: impl FnOnce(u32, u32) -> ValidationError,
) -> Result<(), ValidationError> {
    if count > max {
        return Err(error(count, max));
    }
    Ok(())
}
