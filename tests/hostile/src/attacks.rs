//! The run-time attacks as one list, each a deployable contract: vm-bench's
//! "hostile" section measures them on the in-memory host, the node's e2e
//! (`tests/e2e/test/hostile.test.js`) on the dev node, both as wall time per
//! charged `ref_time`. vm-bench adds [`import_calls`]: every import of the
//! ABI tables with every argument class.

use runtime_vm::abi::{self, Abi};
use runtime_vm::Limits;

/// A contract whose `execute` (run with an empty input, or `{}` for
/// CosmWasm) attacks the node's time; CosmWasm ones make the state they need
/// in `instantiate` (run with `{}`).
pub struct Attack {
    /// What it does, with its counts.
    pub name: String,
    /// Its ABI.
    pub abi: Abi,
    /// Its wasm.
    pub code: Vec<u8>,
}

/// How much work each attack does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scale {
    /// As much as a block's gas allows, or up to a cap of the VM's.
    Full,
    /// What one transaction may do on the dev node: the attacks that use a
    /// block's gas or more at [`Scale::Full`] do a fifth of it or less
    /// (each still charged tens of milliseconds or more).
    Node,
    /// A hundredth of [`Scale::Full`], or less: a smoke run of every row.
    Quick,
}

/// Every run-time attack at `scale`: the earlier families (host calls whose
/// work grew with their input, re-entry, floods up to the caps), the cheap
/// import paths, and every library-call operator at its worst operand.
pub fn attacks(scale: Scale) -> Vec<Attack> {
    let most = |full: u32, node: u32, quick: u32| match scale {
        Scale::Full => full,
        Scale::Node => node,
        Scale::Quick => quick,
    };
    let size = |full: u32, quick: u32| most(full, full, quick);
    let native = |name: String, code| Attack {
        name,
        abi: Abi::Native,
        code,
    };
    let cosmwasm = |name: String, code| Attack {
        name,
        abi: Abi::CosmWasm,
        code,
    };
    // On the node, each key written costs proof size: a transaction may
    // write about a thousand.
    let (queries, keys, scans) = (size(20, 2), most(20_000, 1_000, 2_000), most(200, 100, 20));
    let (batch_kib, signatures) = (size(128, 16), size(128, 16));
    let batches = most(20, 4, 2);
    let (hashes, recoveries) = (size(100_000, 1_000), size(1_000, 10));
    let limits = Limits::default();
    let attacks = [
        cosmwasm(
            format!("query_chain: bank balance of a 60 KB address, x{queries}"),
            crate::long_address_queries(60_000, queries),
        ),
        cosmwasm(
            format!("db_scan descending over {keys} keys, never iterated, x{scans}"),
            crate::descending_scans(scans, keys),
        ),
        cosmwasm(
            format!("ed25519_batch_verify: {batch_kib} KiB message, {signatures} signatures, x{batches}"),
            crate::batch_verify(&vec![0x5A; batch_kib as usize * 1024], signatures as usize, batches),
        ),
        cosmwasm(
            "ed25519_batch_verify: 7 MiB of empty sections".into(),
            crate::empty_sections(7 << 20),
        ),
        cosmwasm(
            "response with 1 000 attributes".into(),
            crate::attributes(1_000),
        ),
        cosmwasm(
            "response with 47 KiB of data (64 KiB of JSON)".into(),
            crate::response_data(47 << 10),
        ),
        cosmwasm(
            "allocate re-entering the host until the stack budget".into(),
            crate::reentrant_allocate(),
        ),
        native(
            "debug_log: 3 000 x 4 KiB of 0xFF".into(),
            crate::debug_flood(3_000),
        ),
        native(
            format!("set_return of {} KiB (the cap)", limits.execution.max_return_data_len >> 10),
            crate::large_return(limits.execution.max_return_data_len),
        ),
        native(
            "emit_event: 3 000 x 16 KiB".into(),
            crate::event_flood(3_000, limits.execution.max_event_data_len),
        ),
        native(
            format!("emit_event: {} x 1 KiB (the caps)", limits.execution.max_events),
            crate::event_flood(limits.execution.max_events, limits.execution.max_events_len / limits.execution.max_events),
        ),
        native(
            format!("transfer: {} transfers of nothing", limits.execution.max_effects),
            crate::transfer_loop(limits.execution.max_effects),
        ),
        native(
            format!("keccak256 of an empty input, x{hashes}"),
            crate::empty_hashes(hashes),
        ),
        cosmwasm(
            format!("secp256k1_recover_pubkey, recovery parameter 256, x{recoveries}"),
            crate::invalid_recoveries(recoveries),
        ),
    ];
    let operators = crate::LIBRARY_CALLS.iter().map(|(name, snippet)| {
        // Whole tables and 64 KiB of memory per round: fewer rounds keep the
        // transaction within a block's weight.
        let count = match name.contains("4 096") || name.contains("64 KiB") {
            true => size(5_000, 50),
            false => size(200_000, 2_000),
        };
        native(
            format!("{name}, x{count}"),
            crate::operator_loop(snippet, count),
        )
    });
    let inline = crate::INLINE_OPERATORS
        .iter()
        .map(|(family, what, snippet)| {
            let count = size(200_000, 2_000);
            let operators = count as usize * crate::INLINE_REPEATS;
            native(
                format!("{family}: {what}, x{operators}"),
                crate::operator_loop(&snippet.repeat(crate::INLINE_REPEATS), count),
            )
        });
    // Over 2 MiB (the largest memory at rate 1, `runtime_vm::memory_rate`),
    // doubling to the limit.
    let chases = std::iter::successors(Some(runtime_vm::RATE_FREE_PAGES as u32), |pages| {
        Some(pages * 2)
    })
    .take_while(|pages| *pages <= limits.execution.max_memory_pages)
    .map(|pages| {
        let count = size(200_000, 2_000);
        native(
            format!(
                "Plain: i64.load chain over {} MiB of memory, x{}",
                pages >> 4,
                count as usize * crate::INLINE_REPEATS
            ),
            crate::memory_chase(pages, count),
        )
    });
    // The largest memory the slot keeps resident (its dirtied pages are
    // reset in place), and the limit, initial and grown.
    let (resident, limit) = (
        runtime_vm::engine::RESIDENT_PAGES as u32,
        limits.execution.max_memory_pages,
    );
    let touches = [(resident, false), (limit, false), (limit, true)].map(|(pages, grown)| {
        let how = if grown {
            "grown from 1 page"
        } else {
            "its initial size"
        };
        native(
            format!("a byte in each 4 KiB of a {} MiB memory, {how}", pages >> 4),
            crate::page_touches(pages, grown),
        )
    });
    attacks
        .into_iter()
        .chain(operators)
        .chain(inline)
        .chain(chases)
        .chain(touches)
        .collect()
}

/// The arguments every import is called with in [`import_calls`]: each an
/// argument class (see [`crate::import_call`]).
pub const ARGUMENT_CLASSES: [(i32, &str); 3] =
    [(0, "empty"), (256, "small"), (-1, "out of bounds")];

/// Every import of every ABI's table (`runtime_vm::abi`) with every argument
/// class, `count` calls each (or until the first that traps): a new import
/// gets its rows by being in its table.
pub fn import_calls(count: u32) -> impl Iterator<Item = Attack> {
    abi::registered()
        .flat_map(|abi| abi::imports(abi).iter().map(move |import| (abi, import)))
        .flat_map(move |(abi, import)| {
            ARGUMENT_CLASSES.iter().map(move |(arg, class)| Attack {
                name: format!(
                    "{abi:?} import {}, {class} arguments, x{count}",
                    crate::wat_id(import).trim_start_matches('$')
                ),
                abi,
                code: crate::import_loop(abi, import, *arg, count),
            })
        })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use runtime_vm::operators::PRICED;

    /// Every family of the operator table has its rows: inline ones in
    /// `INLINE_OPERATORS`, library calls (charged by instrumentation) in
    /// `LIBRARY_CALLS`, so a new family cannot land unmeasured.
    #[test]
    fn every_operator_family_has_a_row() {
        let inline: BTreeSet<&str> = crate::INLINE_OPERATORS
            .iter()
            .map(|(family, ..)| *family)
            .collect();
        for (operator, family) in PRICED {
            let name = format!("{family:?}");
            let library = family.price(runtime_vm::Semantics::LATEST).charge.is_some();
            let covered = if library {
                crate::LIBRARY_CALLS
                    .iter()
                    .any(|(_, snippet)| snippet.contains(&format!("({}", wat_name(operator))))
            } else {
                inline.contains(name.as_str())
            };
            assert!(covered, "{operator} ({name}) has no row");
        }
    }

    /// `TableCopy` -> `table.copy`, `ElemDrop` -> `elem.drop`.
    fn wat_name(operator: &str) -> String {
        let mut name = String::new();
        for (i, c) in operator.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                name.push(if name.contains('.') { '_' } else { '.' });
            }
            name.push(c.to_ascii_lowercase());
        }
        name
    }
}
