//! Compile bombs: valid native contracts made of one function shape each, for
//! measuring compile time per byte by shape. Cranelift with fuel metering
//! compiles some shapes superlinearly in the function's size (fuel
//! checkpoints at every loop header and branch, `call_indirect`s), so the
//! cost of the worst shape, not of ordinary code, is what an upload weighs.

use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, ElementSection, Elements, ExportKind, ExportSection,
    Function, FunctionSection, Instruction, MemorySection, MemoryType, Module, RefType,
    TableSection, TableType, TypeSection, ValType,
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
}

impl Shape {
    /// Every shape, ordinary code first.
    pub const ALL: [Shape; 9] = [
        Shape::Arithmetic,
        Shape::StraightLine,
        Shape::Loops,
        Shape::Ifs,
        Shape::CallIndirect,
        Shape::BrTable,
        Shape::DeepNesting,
        Shape::ManyLocals,
        Shape::TinyFunctions,
    ];

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
            Shape::TinyFunctions => {}
        }
    }

    /// A function of the shape of about `len` bytes.
    fn function(self, len: usize) -> Function {
        let locals = match self {
            Shape::ManyLocals => MANY_LOCALS,
            _ => 4,
        };
        let mut f = Function::new([(locals, ValType::I32)]);
        let mut round = 0;
        while self != Shape::TinyFunctions && f.byte_len() < len {
            self.round(&mut f, round);
            round += 1;
        }
        f.instruction(&Instruction::End);
        f
    }
}

/// Locals of a [`Shape::ManyLocals`] function (the limit is 4 096, parameters included).
const MANY_LOCALS: u32 = 4_000;
/// The type of every filler function: `(param i32)`.
const FILLER_TYPE: u32 = 1;
/// The most functions a contract may have.
const MAX_FUNCTIONS: usize = 20_000;

/// A native contract of about `code_len` bytes made of functions of `shape`,
/// each of about `function_len` bytes (one `execute` besides; a table of one
/// filler function for `call_indirect`).
pub fn module(shape: Shape, code_len: usize, function_len: usize) -> Vec<u8> {
    let mut types = TypeSection::new();
    types
        .ty()
        .function([ValType::I32, ValType::I32], [ValType::I32]);
    types.ty().function([ValType::I32], []);
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    functions.function(0);
    let mut execute = Function::new([]);
    execute
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    code.function(&execute);
    let filler = match shape {
        Shape::TinyFunctions => shape.function(0),
        _ => shape.function(function_len),
    };
    // The body, its size prefix and its entry in the function section.
    let each = filler.byte_len() + 4;
    let count = match shape {
        Shape::TinyFunctions => MAX_FUNCTIONS - 1,
        _ => code_len.div_ceil(each).clamp(1, MAX_FUNCTIONS - 1),
    };
    for _ in 0..count {
        functions.function(FILLER_TYPE);
        code.function(&filler);
    }
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        minimum: 1,
        maximum: Some(1),
        table64: false,
        shared: false,
    });
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("execute", ExportKind::Func, 0);
    let mut elements = ElementSection::new();
    elements.active(
        Some(0),
        &ConstExpr::i32_const(0),
        Elements::Functions([1].as_slice().into()),
    );
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&tables)
        .section(&memory)
        .section(&exports)
        .section(&elements)
        .section(&code);
    module.finish()
}
