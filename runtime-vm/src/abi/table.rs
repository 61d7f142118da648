//! How an ABI is described to validation and to the linker: its import
//! table (each import with its signature and its [`Price`], the
//! [`Schedule`] entry whose base it pays on entry, on every path), how a
//! module is recognized as speaking it, and what it must export.

use std::fmt;

use wasmparser::ValType;

use crate::{Abi, Cost, Schedule, Semantics, ValidationError};

/// A function signature: parameter and result types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Parameter types.
    pub params: &'static [ValType],
    /// Result types.
    pub results: &'static [ValType],
}

impl Signature {
    /// A signature of `params` and `results`.
    pub const fn new(params: &'static [ValType], results: &'static [ValType]) -> Self {
        Self { params, results }
    }

    /// Whether `ty` has exactly this signature.
    pub fn matches(&self, ty: &wasmparser::FuncType) -> bool {
        ty.params() == self.params && ty.results() == self.results
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_signature(f, self.params, self.results)
    }
}

/// Writes a signature as `(i32, i32) -> i32`.
pub(crate) fn write_signature(
    f: &mut impl fmt::Write,
    params: &[ValType],
    results: &[ValType],
) -> fmt::Result {
    let list = |types: &[ValType]| {
        types
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    write!(f, "({}) -> ({})", list(params), list(results))
}

/// The [`Schedule`] entry an import is priced by: its `base` is charged
/// before the import does anything, its per-unit part by the import as it
/// learns the size of its work.
pub type Price = fn(&Schedule) -> Cost;

/// One import of an ABI: its module and name, signature and price.
#[derive(Clone, Copy, Debug)]
pub struct Import {
    /// The module it is imported from.
    pub module: &'static str,
    /// The import's name.
    pub name: &'static str,
    /// Its parameter and result types.
    pub signature: Signature,
    /// What it pays on entry (the base) and per unit.
    pub price: Price,
}

/// An import table's entry.
pub(crate) const fn import(
    module: &'static str,
    name: &'static str,
    signature: Signature,
    price: Price,
) -> Import {
    Import {
        module,
        name,
        signature,
        price,
    }
}

/// Looks `module.name` up in `table`.
pub fn find(table: &[Import], module: &str, name: &str) -> Option<Import> {
    table
        .iter()
        .find(|import| import.module == module && import.name == name)
        .copied()
}

/// The contract's linear memory is exported under this name in every ABI
/// (for an ABI whose contracts import it, by the instrumentation).
pub const MEMORY: &str = "memory";

/// Where an ABI's contracts get their linear memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryRule {
    /// They define it and export it as [`MEMORY`].
    Exported,
    /// They import it from `module.name`, declaring its maximum (none
    /// stands for the limit); the instrumentation turns the import into a
    /// memory of those sizes, defined and exported as [`MEMORY`], so every
    /// frame gets a memory of its own.
    Imported {
        /// The import's module.
        module: &'static str,
        /// The import's name.
        name: &'static str,
    },
}

/// One ABI's rules, as validation applies them.
pub struct AbiRules {
    /// The ABI's identity, stored with the code.
    pub id: Abi,
    /// The first version of the semantics that speaks it: validation under
    /// an older one does not know it.
    pub since: Semantics,
    /// Where its contracts get their memory.
    pub memory: MemoryRule,
    /// Every import of the ABI.
    pub imports: &'static [Import],
    /// Whether a module speaks this ABI, judged by its exports and where
    /// its memory comes from; an error refuses the module outright (it
    /// claims a version this VM lacks).
    pub detect: fn(&dyn Exports) -> Result<bool, ValidationError>,
    /// Checks the module's exports against the ABI; returns the
    /// capabilities the module requires.
    pub check_exports: fn(&dyn Exports) -> Result<Vec<String>, ValidationError>,
}

impl AbiRules {
    /// The signature of the import `module.name`, if the ABI has it.
    pub fn import(&self, module: &str, name: &str) -> Option<Signature> {
        find(self.imports, module, name).map(|import| import.signature)
    }
}

/// A module's exports (and where its memory comes from), as an ABI's rules
/// see them.
pub trait Exports {
    /// The module and name the module imports its memory from, if it does.
    fn memory_import(&self) -> Option<(&str, &str)>;
    /// Every export's name.
    fn names(&self) -> Vec<&str>;
    /// Checks that the export `name`, if present, is a function with one of
    /// the `expected` signatures; `Ok(false)` if there is no such export.
    ///
    /// # Errors
    ///
    /// [`ValidationError::ExportSignature`] if it is something else.
    fn check_function(&self, name: &str, expected: &[Signature]) -> Result<bool, ValidationError>;

    /// [`Exports::check_function`] for an export the ABI requires.
    ///
    /// # Errors
    ///
    /// [`ValidationError::MissingExport`] if there is none.
    fn require_function(&self, name: &str, expected: &[Signature]) -> Result<(), ValidationError> {
        match self.check_function(name, expected)? {
            true => Ok(()),
            false => Err(ValidationError::MissingExport(name.into())),
        }
    }
}
