//! Compile bombs: valid native contracts made of one shape each (a function
//! body repeated, or a module section filled to its limit), for measuring
//! compile time per byte by shape. An optimizing compiler takes time
//! superlinear in some shapes (Cranelift with fuel metering: loops,
//! branches, `call_indirect`s), so the cost of the worst shape, not of
//! ordinary code, is what an upload weighs.
//!
//! Validation refuses code over its compile-cost budget
//! (`CodeLimits::max_compile_cost_per_kib`), so an attacker's best module of a
//! shape is the densest one it accepts: [`densest_accepted`] dilutes the
//! shape with ordinary code until it fits.

use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, DataSection, ElementSection, Elements, ExportKind,
    ExportSection, Function, FunctionSection, GlobalSection, GlobalType, Instruction,
    MemorySection, MemoryType, Module, RefType, TableSection, TableType, TypeSection, ValType,
};

/// A function shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `i32.const 0; drop`, repeated.
    StraightLine,
    /// Arithmetic on locals and a `block` left by `br_if`: ordinary code.
    Arithmetic,
    /// `loop; local.get 0; br_if 0; end`, repeated: a fuel check per loop.
    Loops,
    /// `local.get 0; if; end`, repeated.
    Ifs,
    /// `local.get 0; i32.const 0; call_indirect`, repeated.
    CallIndirect,
    /// A `br_table` of 64 targets, repeated.
    BrTable,
    /// 500 nested `block`s, repeated.
    DeepNesting,
    /// Copies between 4 000 locals.
    ManyLocals,
    /// The most functions `Limits` allow (20 000), each empty.
    TinyFunctions,
    /// As many empty functions of [`TABLE_FUNCTION_PARAMS`] parameters as
    /// the largest table holds (4 096), each in it: each also gets a
    /// trampoline compiled.
    TableFunctions,
    /// [`Shape::TableFunctions`] of [`WIDE`] parameters each: the widest
    /// prologues and trampolines.
    WideTableFunctions,
    /// `memory.fill` of zero bytes, repeated: each is instrumented with a
    /// charging call.
    BulkMemory,
    /// `local.get 0; call`, repeated.
    Calls,
    /// `global.get; global.set` across the most globals `Limits` allow.
    ManyGlobals,
    /// The most data segments `Limits` allow, their bytes filling the module.
    DataSegments,
    /// The most element segments `Limits` allow, filling the largest table
    /// (ordinary code fills the rest of the module).
    ElementSegments,
    /// `i32.load` and `i32.store` through a local address.
    MemoryAccess,
    /// `i32.div_s` and `i64.rem_u` on locals: each checks for a trap.
    Division,
    /// Integer to float, `f64.nearest`, `f32.min`, and back with trapping
    /// and saturating truncations.
    Floats,
    /// `select` on locals.
    Selects,
    /// Calls of a function of [`WIDE`] parameters: `local.get 0` for each, `call`.
    WideCalls,
    /// `block`s taking and giving back [`WIDE_BLOCK`] values kept on the stack.
    WideBlocks,
    /// `br_if`s out of such blocks: each moves the [`WIDE_BLOCK`] values.
    WideBranches,
    /// `br_table`s of 8 targets out of such blocks: each target moves them.
    WideBrTables,
    /// Distinct function types of 8 parameters filling the type section:
    /// Wasmtime compiles a trampoline for each.
    DistinctTypes,
    /// Distinct function types of [`WIDE`] parameters: the widest
    /// trampolines of types.
    WideTypes,
    /// The most globals `Limits` allow, each naming (`ref.func`) a function
    /// of [`TABLE_FUNCTION_PARAMS`] parameters of its own: each function
    /// gets a trampoline, as a table's do.
    GlobalFunctions,
    /// A passive element segment of as many functions as fit: Wasmtime's
    /// start-up function writes each one in code of its own.
    PassiveElements,
    /// [`Shape::PassiveElements`] in half the module, [`Shape::DistinctTypes`]
    /// in the other: Wasmtime compiles the start-up function before the
    /// types' trampolines, with the same Cranelift contexts.
    ElementsThenTypes,
}

impl Shape {
    /// Every shape, ordinary code first.
    pub const ALL: [Shape; 29] = [
        Shape::Arithmetic,
        Shape::StraightLine,
        Shape::Loops,
        Shape::Ifs,
        Shape::CallIndirect,
        Shape::BrTable,
        Shape::DeepNesting,
        Shape::ManyLocals,
        Shape::TinyFunctions,
        Shape::TableFunctions,
        Shape::WideTableFunctions,
        Shape::BulkMemory,
        Shape::Calls,
        Shape::ManyGlobals,
        Shape::DataSegments,
        Shape::ElementSegments,
        Shape::MemoryAccess,
        Shape::Division,
        Shape::Floats,
        Shape::Selects,
        Shape::WideCalls,
        Shape::WideBlocks,
        Shape::WideBranches,
        Shape::WideBrTables,
        Shape::DistinctTypes,
        Shape::WideTypes,
        Shape::GlobalFunctions,
        Shape::PassiveElements,
        Shape::ElementsThenTypes,
    ];

    /// Whether the shape is a section filled to its limit rather than a
    /// function body: such modules have one filler function only.
    fn fills_a_section(self) -> bool {
        matches!(
            self,
            Shape::TinyFunctions
                | Shape::TableFunctions
                | Shape::WideTableFunctions
                | Shape::DataSegments
                | Shape::ElementSegments
                | Shape::DistinctTypes
                | Shape::WideTypes
                | Shape::GlobalFunctions
                | Shape::PassiveElements
                | Shape::ElementsThenTypes
        )
    }

    /// The one type of the shape's own, type [`SPECIAL_TYPE`] of its module
    /// if any: as parameters and results.
    fn special_type(self) -> Option<(Vec<ValType>, Vec<ValType>)> {
        let wide = || vec![ValType::I32; WIDE as usize];
        match self {
            Shape::WideBlocks | Shape::WideBranches | Shape::WideBrTables => {
                let block = vec![ValType::I32; WIDE_BLOCK as usize];
                Some((block.clone(), block))
            }
            Shape::WideCalls | Shape::WideTableFunctions => Some((wide(), vec![])),
            Shape::TableFunctions | Shape::GlobalFunctions => {
                Some((vec![ValType::I32; TABLE_FUNCTION_PARAMS as usize], vec![]))
            }
            _ => None,
        }
    }

    /// The type of the shape's filler functions: `(param i32)`, or
    /// [`WIDE`] parameters for [`Shape::WideCalls`] (which call the first)
    /// and [`Shape::WideTableFunctions`], or [`TABLE_FUNCTION_PARAMS`] for
    /// [`Shape::TableFunctions`] and [`Shape::GlobalFunctions`].
    fn filler_type(self) -> u32 {
        match self {
            Shape::WideCalls
            | Shape::WideTableFunctions
            | Shape::TableFunctions
            | Shape::GlobalFunctions => SPECIAL_TYPE,
            _ => FILLER_TYPE,
        }
    }

    /// Values a filler function keeps on its stack across rounds.
    fn carried(self) -> u32 {
        match self {
            Shape::WideBlocks | Shape::WideBranches | Shape::WideBrTables => WIDE_BLOCK,
            _ => 0,
        }
    }

    /// Appends one round of the shape to `f` (a function `(param i32)`).
    fn round(self, f: &mut Function, round: u32) {
        use Instruction as I;
        match self {
            Shape::StraightLine => {
                f.instruction(&I::I32Const(0)).instruction(&I::Drop);
            }
            Shape::Arithmetic => {
                let local = round % 4 + 1;
                f.instruction(&I::LocalGet(0))
                    .instruction(&I::I32Const((round * 7 + 1) as i32))
                    .instruction(&I::I32Mul)
                    .instruction(&I::LocalGet(local))
                    .instruction(&I::I32Add)
                    .instruction(&I::LocalSet(local))
                    .instruction(&I::Block(BlockType::Empty))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::BrIf(0))
                    .instruction(&I::End);
            }
            Shape::Loops => {
                f.instruction(&I::Loop(BlockType::Empty))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::BrIf(0))
                    .instruction(&I::End);
            }
            Shape::Ifs => {
                f.instruction(&I::LocalGet(0))
                    .instruction(&I::If(BlockType::Empty))
                    .instruction(&I::End);
            }
            Shape::CallIndirect => {
                f.instruction(&I::LocalGet(0))
                    .instruction(&I::I32Const(0))
                    .instruction(&I::CallIndirect {
                        type_index: FILLER_TYPE,
                        table_index: 0,
                    });
            }
            Shape::BrTable => {
                f.instruction(&I::Block(BlockType::Empty))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::BrTable(vec![0; 64].into(), 0))
                    .instruction(&I::End);
            }
            Shape::DeepNesting => {
                for _ in 0..500 {
                    f.instruction(&I::Block(BlockType::Empty));
                }
                for _ in 0..500 {
                    f.instruction(&I::End);
                }
            }
            Shape::ManyLocals => {
                let from = round % (MANY_LOCALS - 1) + 1;
                f.instruction(&I::LocalGet(from))
                    .instruction(&I::LocalSet(from + 1));
            }
            Shape::BulkMemory => {
                f.instruction(&I::I32Const(0))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::I32Const(0))
                    .instruction(&I::MemoryFill(0));
            }
            Shape::Calls => {
                f.instruction(&I::LocalGet(0)).instruction(&I::Call(1));
            }
            Shape::ManyGlobals => {
                let from = round % (MAX_GLOBALS - 1);
                f.instruction(&I::GlobalGet(from))
                    .instruction(&I::GlobalSet(from + 1));
            }
            Shape::MemoryAccess => {
                f.instruction(&I::LocalGet(1))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::I32Store(MEMORY))
                    .instruction(&I::LocalGet(1))
                    .instruction(&I::I32Load(MEMORY))
                    .instruction(&I::LocalSet(2));
            }
            Shape::Division => {
                f.instruction(&I::LocalGet(0))
                    .instruction(&I::LocalGet(1))
                    .instruction(&I::I32DivS)
                    .instruction(&I::I64ExtendI32U)
                    .instruction(&I::LocalGet(2))
                    .instruction(&I::I64ExtendI32S)
                    .instruction(&I::I64RemU)
                    .instruction(&I::I32WrapI64)
                    .instruction(&I::LocalSet(3));
            }
            Shape::Floats => {
                f.instruction(&I::LocalGet(0))
                    .instruction(&I::F64ConvertI32S)
                    .instruction(&I::F64Nearest)
                    .instruction(&I::I32TruncF64S)
                    .instruction(&I::F32ConvertI32U)
                    .instruction(&I::LocalGet(1))
                    .instruction(&I::F32ConvertI32S)
                    .instruction(&I::F32Min)
                    .instruction(&I::I32TruncSatF32U)
                    .instruction(&I::LocalSet(2));
            }
            Shape::Selects => {
                f.instruction(&I::LocalGet(1))
                    .instruction(&I::LocalGet(2))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::Select)
                    .instruction(&I::LocalSet(3));
            }
            Shape::WideCalls => {
                for _ in 0..WIDE {
                    f.instruction(&I::LocalGet(0));
                }
                f.instruction(&I::Call(1));
            }
            Shape::WideBlocks => {
                f.instruction(&I::Block(BlockType::FunctionType(SPECIAL_TYPE)))
                    .instruction(&I::End);
            }
            Shape::WideBranches => {
                f.instruction(&I::Block(BlockType::FunctionType(SPECIAL_TYPE)))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::BrIf(0))
                    .instruction(&I::End);
            }
            Shape::WideBrTables => {
                f.instruction(&I::Block(BlockType::FunctionType(SPECIAL_TYPE)))
                    .instruction(&I::LocalGet(0))
                    .instruction(&I::BrTable(vec![0; 8].into(), 0))
                    .instruction(&I::End);
            }
            Shape::TinyFunctions
            | Shape::TableFunctions
            | Shape::WideTableFunctions
            | Shape::DataSegments
            | Shape::ElementSegments
            | Shape::DistinctTypes
            | Shape::WideTypes
            | Shape::GlobalFunctions
            | Shape::PassiveElements
            | Shape::ElementsThenTypes => {}
        }
    }

    /// A function of the shape of about `len` bytes, each round of the
    /// shape followed by `dilution` rounds of ordinary code.
    fn function(self, len: usize, dilution: u32) -> Function {
        let locals = match self {
            Shape::ManyLocals => MANY_LOCALS,
            _ => 4,
        };
        let mut f = Function::new([(locals, ValType::I32)]);
        for _ in 0..self.carried() {
            f.instruction(&Instruction::LocalGet(0));
        }
        // Rounds (each with its dilution) while the next still fits in
        // `len`: a heavily diluted round is long, and a body must stay
        // within `CodeLimits::max_function_body_len`.
        let (mut round, mut round_len) = (0, 0);
        while !self.fills_a_section() && (round == 0 || f.byte_len() + round_len <= len) {
            let before = f.byte_len();
            self.round(&mut f, round);
            for _ in 0..dilution {
                Shape::Arithmetic.round(&mut f, round);
            }
            round_len = f.byte_len() - before;
            round += 1;
        }
        for _ in 0..self.carried() {
            f.instruction(&Instruction::Drop);
        }
        f.instruction(&Instruction::End);
        f
    }
}

/// The memory argument of [`Shape::MemoryAccess`]'s loads and stores.
const MEMORY: wasm_encoder::MemArg = wasm_encoder::MemArg {
    offset: 0,
    align: 2,
    memory_index: 0,
};
/// Function lengths of at most `most` bytes (less room for their framing)
/// adding up to about `len`.
fn pieces(len: usize, most: usize) -> Vec<usize> {
    const FRAMING: usize = 64;
    let most = most.max(FRAMING + 1);
    let mut left = len;
    let mut lengths = Vec::new();
    while left > FRAMING {
        let piece = left.min(most);
        lengths.push(piece - FRAMING);
        left -= piece;
    }
    lengths
}

/// Locals of a [`Shape::ManyLocals`] function (the limit is 4 096, parameters included).
const MANY_LOCALS: u32 = 4_000;
/// The type of every filler function but the wide ones' and
/// [`Shape::TableFunctions`]': `(param i32)`.
const FILLER_TYPE: u32 = 1;
/// The shape's own type ([`Shape::special_type`]), if it has one.
const SPECIAL_TYPE: u32 = 2;
/// Parameters of [`Shape::TableFunctions`]' functions: the arity whose
/// functions and trampolines compile slowest per unit of compile cost
/// (measured on 0 to 128 parameters: 24, about 1.15x the per-unit time of
/// 11 or none). The pallet's `upload_code` benchmark weighs functions of
/// this arity too.
pub const TABLE_FUNCTION_PARAMS: u32 = 24;
/// Values the wide shapes move at once: the most a function type may
/// have (wasmparser's limit for parameters and for results).
pub const WIDE: u32 = 1_000;
/// Values the wide blocks take and give back. Half of [`WIDE`]: a type of
/// 1 000 parameters and 1 000 results costs 406 000 units (its trampoline,
/// counted from version 4 of the semantics), more than a 1 MiB module of
/// blocks diluted enough to be accepted has left; each value moved costs
/// the same units at any arity.
pub const WIDE_BLOCK: u32 = 500;
/// The most functions a contract may have.
const MAX_FUNCTIONS: usize = 20_000;
/// The most globals a contract may have.
const MAX_GLOBALS: u32 = 256;
/// The most data segments a contract may have.
const MAX_DATA_SEGMENTS: usize = 1_024;
/// The most element segments a contract may have.
const MAX_ELEMENT_SEGMENTS: u32 = 256;
/// The most elements a table may hold.
const MAX_TABLE_ELEMENTS: u32 = 4_096;

/// The densest module of `shape` (the least diluted, see [`module`]) of
/// about `code_len` bytes that `accepts`, with the dilution it took; `None`
/// if even ordinary code would not do.
pub fn densest_accepted(
    shape: Shape,
    code_len: usize,
    function_len: usize,
    accepts: impl Fn(&[u8]) -> bool,
) -> Option<(Vec<u8>, u32)> {
    const MOST_DILUTION: u32 = 4_096;
    let at = |dilution| module(shape, code_len, function_len, dilution);
    if accepts(&at(0)) {
        return Some((at(0), 0));
    }
    // More dilution is never denser: search for the least that is accepted.
    let (mut refused, mut accepted) = (0, 1);
    while !accepts(&at(accepted)) {
        refused = accepted;
        accepted *= 2;
        if accepted > MOST_DILUTION {
            return None;
        }
    }
    while accepted - refused > 1 {
        let middle = (refused + accepted) / 2;
        if accepts(&at(middle)) {
            accepted = middle;
        } else {
            refused = middle;
        }
    }
    Some((at(accepted), accepted))
}

/// A native contract of about `code_len` bytes made of functions of `shape`,
/// each of about `function_len` bytes (one `execute` besides; a table of one
/// filler function for `call_indirect`), each round of the shape followed by
/// `dilution` rounds of ordinary code. For the shapes that fill a section
/// (functions, types, globals, data or element segments), dilution divides
/// the number of its items instead (one in `dilution + 1` of the most), and
/// ordinary code fills the rest.
pub fn module(shape: Shape, code_len: usize, function_len: usize, dilution: u32) -> Vec<u8> {
    let spread = |most: usize| most / (dilution as usize + 1);
    let mut types = TypeSection::new();
    types
        .ty()
        .function([ValType::I32, ValType::I32], [ValType::I32]);
    types.ty().function([ValType::I32], []);
    if let Some((params, results)) = shape.special_type() {
        types.ty().function(params, results);
    }
    // Distinct types of `params` parameters, as many as fit (each takes 4
    // bytes more: its form, lengths and results).
    let params = match shape {
        Shape::DistinctTypes | Shape::ElementsThenTypes => 8,
        Shape::WideTypes => WIDE as usize,
        _ => 0,
    };
    let type_len = params + 4;
    let type_count = match shape {
        Shape::DistinctTypes | Shape::WideTypes => {
            spread((code_len / type_len).min(DISTINCT_TYPES))
        }
        Shape::ElementsThenTypes => spread((code_len / 2 / type_len).min(DISTINCT_TYPES)),
        _ => 0,
    };
    for index in 0..type_count {
        types.ty().function(distinct_params(index, params), []);
    }
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    functions.function(0);
    let mut execute = Function::new([]);
    execute
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    code.function(&execute);
    let filler = shape.function(
        if shape.fills_a_section() {
            0
        } else {
            function_len
        },
        dilution,
    );
    // The body, its size prefix and its entry in the function section.
    let each = filler.byte_len() + 4;
    let count = match shape {
        Shape::TinyFunctions => spread(MAX_FUNCTIONS - 2),
        Shape::TableFunctions | Shape::WideTableFunctions => spread(MAX_TABLE_ELEMENTS as usize),
        Shape::GlobalFunctions => spread(MAX_GLOBALS as usize),
        _ if shape.fills_a_section() => 1,
        _ => (code_len / each).clamp(1, MAX_FUNCTIONS - 2),
    };
    for _ in 0..count {
        functions.function(shape.filler_type());
        code.function(&filler);
    }
    let passive_elements = match shape {
        Shape::PassiveElements => spread(code_len),
        Shape::ElementsThenTypes => spread(code_len / 2),
        _ => 0,
    };
    // What the shape's section takes (a global naming a function: 6 bytes).
    let section_len = match shape {
        Shape::DistinctTypes | Shape::WideTypes => type_count * type_len,
        Shape::GlobalFunctions => count * 6,
        Shape::PassiveElements => passive_elements,
        Shape::ElementsThenTypes => type_count * type_len + passive_elements,
        _ => 0,
    };
    // Shorter functions make up the rest of `code_len`: more of the shape,
    // or ordinary code beside a diluted or filled section.
    let rest = code_len.saturating_sub(count * each + section_len);
    let (rest_shape, rest_dilution) = match shape {
        // Undiluted, the most functions there may be and nothing else.
        Shape::TinyFunctions | Shape::TableFunctions | Shape::WideTableFunctions
            if dilution == 0 =>
        {
            (shape, dilution)
        }
        // The data fills the module.
        Shape::DataSegments => (shape, dilution),
        _ if shape.fills_a_section() => (Shape::Arithmetic, 0),
        _ => (shape, dilution),
    };
    if !rest_shape.fills_a_section() {
        for len in pieces(rest, function_len) {
            functions.function(rest_shape.filler_type());
            code.function(&rest_shape.function(len, rest_dilution));
        }
    }
    let table_len = match shape {
        Shape::ElementSegments => MAX_TABLE_ELEMENTS,
        Shape::TableFunctions | Shape::WideTableFunctions => count as u32,
        _ => 1,
    };
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        minimum: u64::from(table_len),
        maximum: Some(u64::from(table_len)),
        table64: false,
        shared: false,
    });
    let data_len = match shape {
        Shape::DataSegments => code_len,
        _ => 0,
    };
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: (data_len as u64).div_ceil(64 << 10).max(1),
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut globals = GlobalSection::new();
    match shape {
        Shape::ManyGlobals => {
            for _ in 0..MAX_GLOBALS {
                globals.global(
                    GlobalType {
                        val_type: ValType::I32,
                        mutable: true,
                        shared: false,
                    },
                    &ConstExpr::i32_const(0),
                );
            }
        }
        // Each filler (functions 1 to `count`) named by a global of its own.
        Shape::GlobalFunctions => {
            for function in 1..=count as u32 {
                globals.global(
                    GlobalType {
                        val_type: ValType::Ref(RefType::FUNCREF),
                        mutable: false,
                        shared: false,
                    },
                    &ConstExpr::ref_func(function),
                );
            }
        }
        _ => {}
    }
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("execute", ExportKind::Func, 0);
    let mut elements = ElementSection::new();
    let per_segment = match shape {
        Shape::ElementSegments => MAX_TABLE_ELEMENTS / MAX_ELEMENT_SEGMENTS,
        _ => table_len,
    };
    // Diluted enough, a table-functions module has none (and no table).
    let segments = table_len.checked_div(per_segment).unwrap_or(0);
    for segment in 0..segments {
        let offset = (segment * per_segment) as i32;
        let indices: Vec<u32> = match shape {
            // Every filler function, each once.
            Shape::TableFunctions | Shape::WideTableFunctions => (1..=per_segment).collect(),
            // `execute`: a wide filler in the table would add a trampoline
            // of 1 000 values (WideTableFunctions measures those).
            Shape::WideCalls => vec![0; per_segment as usize],
            // The first filler, for `call_indirect`.
            _ => vec![1; per_segment as usize],
        };
        elements.active(
            Some(0),
            &ConstExpr::i32_const(offset),
            Elements::Functions(indices.into()),
        );
    }
    if passive_elements > 0 {
        elements.passive(Elements::Functions(vec![1; passive_elements].into()));
    }
    let mut data = DataSection::new();
    if data_len > 0 {
        let segments = spread(MAX_DATA_SEGMENTS).max(1);
        let per_segment = data_len.div_ceil(segments);
        for segment in 0..segments {
            let offset = (segment * per_segment) as i32;
            data.active(0, &ConstExpr::i32_const(offset), vec![0xA5; per_segment]);
        }
    }
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&tables)
        .section(&memory);
    if !globals.is_empty() {
        module.section(&globals);
    }
    module.section(&exports).section(&elements).section(&code);
    if !data.is_empty() {
        module.section(&data);
    }
    module.finish()
}

/// The most [`Shape::DistinctTypes`] types: as many as 8 parameters of four
/// value types can tell apart.
const DISTINCT_TYPES: usize = 1 << 16;

/// `params` parameters, the first 8 spelling `index` in base 4 over the
/// four number types (so each index's differ), the rest `i32`.
fn distinct_params(index: usize, params: usize) -> Vec<ValType> {
    const NUMBERS: [ValType; 4] = [ValType::I32, ValType::I64, ValType::F32, ValType::F64];
    (0..params)
        .map(|digit| match digit {
            0..8 => NUMBERS[(index >> (2 * digit)) & 3],
            _ => ValType::I32,
        })
        .collect()
}
