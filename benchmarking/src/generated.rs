//! A large valid native contract for the compile measurement, generated with `wasm-encoder`.

use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction,
    MemorySection, MemoryType, Module, TypeSection, ValType,
};

/// A contract with `functions` arithmetic functions of about 1 KB each, calling
/// one another in a chain, plus `execute`.
pub fn contract(functions: u32) -> Vec<u8> {
    let mut types = TypeSection::new();
    types
        .ty()
        .function([ValType::I32, ValType::I32], [ValType::I32]);
    types.ty().function([ValType::I32], [ValType::I32]);
    let mut function_section = FunctionSection::new();
    let mut code = CodeSection::new();
    function_section.function(0);
    let mut execute = Function::new([]);
    execute
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    code.function(&execute);
    for index in 0..functions {
        function_section.function(1);
        let mut f = Function::new([(4, ValType::I32)]);
        for round in 0..60 {
            f.instruction(&Instruction::LocalGet(0))
                .instruction(&Instruction::I32Const(round * 7 + 1))
                .instruction(&Instruction::I32Mul)
                .instruction(&Instruction::LocalGet((round % 4 + 1) as u32))
                .instruction(&Instruction::I32Add)
                .instruction(&Instruction::LocalSet((round % 4 + 1) as u32))
                .instruction(&Instruction::Block(BlockType::Empty))
                .instruction(&Instruction::LocalGet(1))
                .instruction(&Instruction::BrIf(0))
                .instruction(&Instruction::End);
        }
        f.instruction(&Instruction::LocalGet(2));
        if index + 1 < functions {
            f.instruction(&Instruction::Call(index + 2));
        }
        f.instruction(&Instruction::End);
        code.function(&f);
    }
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports
        .export("memory", ExportKind::Memory, 0)
        .export("execute", ExportKind::Func, 0);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&function_section)
        .section(&memory)
        .section(&exports)
        .section(&code);
    module.finish()
}
