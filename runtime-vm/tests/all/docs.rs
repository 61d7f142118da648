//! The ABI references in `docs/` list every import the VM links, with the
//! signature it checks at upload (native) or at least its name (CosmWasm).

use runtime_vm::abi::{cosmwasm, native, Import};

fn doc(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/").to_string() + name;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_native_abi_reference_lists_every_import_with_its_arity() {
    let reference = doc("native-abi.md");
    for Import {
        name, signature, ..
    } in native::IMPORTS
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
    for Import { name, .. } in cosmwasm::IMPORTS {
        assert!(
            reference.contains(&format!("`{name}`")),
            "docs/cosmwasm.md does not list `{name}`"
        );
    }
}

#[test]
fn every_relative_link_of_the_readme_and_the_book_resolves() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let mut pages = vec![root.join("README.md")];
    let chapters = std::fs::read_dir(root.join("docs")).expect("docs/");
    pages.extend(chapters.map(|entry| entry.expect("a docs/ entry").path()));
    for page in pages
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(page).unwrap();
        for target in text
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            if target.contains("://") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap_or(target);
            let resolved = page.parent().unwrap().join(file);
            assert!(
                resolved.exists(),
                "{}: the link `{target}` names no file",
                page.display()
            );
        }
    }
}
