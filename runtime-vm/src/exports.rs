//! The exports a frame looks up (the module's memory, its stack-height
//! global, its ABI's entry points and allocator), found by name once, when
//! the module is linked, and by index on every call. A lookup by name (two
//! hashes of the name, then the export) took about 95 ns, 195 ns for a
//! typed function with its type check, four of them per call: by index, an
//! instantiate-and-return call takes 4.27 µs instead of 4.45 (the type
//! checks remain).

use wasmtime::{
    AsContextMut, Extern, Func, Global, Instance, Memory, Module, ModuleExport, TypedFunc,
    WasmParams, WasmResults,
};

/// The exports of one module under the names its frames look up, each
/// `None` where the module has no such export.
pub(crate) struct Exports(Vec<(&'static str, Option<ModuleExport>)>);

impl Exports {
    /// Finds each of `names` among `module`'s exports.
    pub(crate) fn of(module: &Module, names: impl IntoIterator<Item = &'static str>) -> Self {
        Self(
            names
                .into_iter()
                .map(|name| (name, module.get_export_index(name)))
                .collect(),
        )
    }

    /// `name`'s export, if the module has it; `Err` if `name` was not
    /// among those found when it was linked.
    fn find(&self, name: &str) -> Result<Option<&ModuleExport>, ()> {
        self.0
            .iter()
            .find(|(found, _)| *found == name)
            .map(|(_, export)| export.as_ref())
            .ok_or(())
    }
}

/// A frame's instance, with the exports found when its module was linked:
/// the lookups of [`Instance`], by index.
pub(crate) struct ContractInstance<'a> {
    pub instance: Instance,
    pub exports: &'a Exports,
}

impl ContractInstance<'_> {
    /// The export `name`, as [`Instance::get_export`] finds it.
    pub(crate) fn get_export(&self, store: impl AsContextMut, name: &str) -> Option<Extern> {
        let export = self.exports.find(name);
        // Every name a frame looks up is the frame's own or in its ABI's
        // `ContractAbi::exports`; one missing there is found by name, slower.
        debug_assert!(export.is_ok(), "export `{name}` is not found when linking");
        match export {
            Ok(export) => self.instance.get_module_export(store, export?),
            Err(()) => self.instance.get_export(store, name),
        }
    }

    /// The function `name`, as [`Instance::get_func`] finds it.
    pub(crate) fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The function `name` with the signature `(P) -> R`, as
    /// [`Instance::get_typed_func`] finds it.
    pub(crate) fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> wasmtime::Result<TypedFunc<P, R>> {
        let func = self.get_func(&mut store, name).ok_or_else(|| {
            wasmtime::Error::msg(format!("failed to find function export `{name}`"))
        })?;
        func.typed(store)
    }

    /// The memory `name`, as [`Instance::get_memory`] finds it.
    pub(crate) fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The global `name`, as [`Instance::get_global`] finds it.
    pub(crate) fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::{Engine, Store};

    /// A module with a memory, a global and a function; its exports found
    /// under `names` when linking.
    fn linked(names: &[&'static str]) -> (Store<()>, Instance, Exports) {
        let code = wat::parse_str(
            r#"(module
                (memory (export "memory") 2)
                (global (export "height") (mut i32) (i32.const 5))
                (func (export "seven") (result i32) (i32.const 7)))"#,
        )
        .unwrap();
        let engine = Engine::default();
        let module = Module::new(&engine, code).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        (store, instance, Exports::of(&module, names.iter().copied()))
    }

    #[test]
    fn exports_found_when_linking_are_those_found_by_name() {
        let (mut store, instance, exports) = linked(&["memory", "height", "seven", "absent"]);
        let instance = ContractInstance {
            instance,
            exports: &exports,
        };
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        assert_eq!(memory.size(&store), 2);
        let height = instance.get_global(&mut store, "height").unwrap();
        assert_eq!(height.get(&mut store).i32(), Some(5));
        let seven = instance
            .get_typed_func::<(), i32>(&mut store, "seven")
            .unwrap();
        assert_eq!(seven.call(&mut store, ()).unwrap(), 7);
        assert!(instance
            .get_typed_func::<i32, i32>(&mut store, "seven")
            .is_err());
        assert!(instance.get_func(&mut store, "absent").is_none());
        assert!(instance.get_memory(&mut store, "seven").is_none());
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "export `seven` is not found when linking")]
    fn a_name_not_found_when_linking_is_a_bug_the_tests_catch() {
        let (mut store, instance, exports) = linked(&[]);
        let instance = ContractInstance {
            instance,
            exports: &exports,
        };
        instance.get_func(&mut store, "seven");
    }
}
