//! The ABI references in `docs/` list every import the VM links, with the
//! signature it checks at upload (native) or at least its name (CosmWasm).

use runtime_vm::abi::{Import, COSMWASM_IMPORTS, NATIVE_IMPORTS};

fn doc(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/").to_string() + name;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_native_abi_reference_lists_every_import_with_its_arity() {
    let reference = doc("native-abi.md");
    for Import {
        name, signature, ..
    } in NATIVE_IMPORTS
    {
        let row = reference
            .lines()
            .find(|line| line.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("docs/native-abi.md has no row for `{name}`"));
        let documented = row.split('|').nth(2).expect("a signature column");
        let params = documented
            .split_once('(')
            .and_then(|(_, rest)| rest.split_once(')'))
            .map_or(0, |(params, _)| {
                params.split(',').filter(|p| !p.trim().is_empty()).count()
            });
        assert_eq!(
            (params, documented.contains("->")),
            (signature.params.len(), !signature.results.is_empty()),
            "`{name}`: documented as {documented}, linked as {signature}"
        );
    }
}

#[test]
fn the_cosmwasm_reference_lists_every_import() {
    let reference = doc("cosmwasm.md");
    for Import { name, .. } in COSMWASM_IMPORTS {
        assert!(
            reference.contains(&format!("`{name}`")),
            "docs/cosmwasm.md does not list `{name}`"
        );
    }
}
