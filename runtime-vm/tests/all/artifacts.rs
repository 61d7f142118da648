//! Compiled artifacts on disk: a new VM (a restarted node) loads what an
//! earlier one compiled instead of compiling it, and never loads a file
//! that is not exactly what this engine wrote for this code.

use std::path::{Path, PathBuf};

use runtime_vm::testing::MockHost;
use runtime_vm::{CacheStats, ExecutionLimits, Limits, Outcome, Schedule, Semantics, Vm};
use runtime_vm_fixtures as fixtures;

use crate::common::*;

/// A directory of its own for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "runtime-vm-artifacts-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A VM keeping its artifacts under `root` (a node started with that base path).
fn vm_in(root: &Path, limits: Limits) -> (Vm, PathBuf) {
    let vm = Vm::new(Semantics::LATEST, limits, Schedule::default(), 64 << 20).unwrap();
    let dir = vm.keep_artifacts_in(root).unwrap();
    (vm, dir)
}

/// The token fixture deployed on a fresh chain, then one transfer through `vm`.
fn transfer_on(vm: &Vm) -> Outcome {
    let mut env = Env {
        vm: vm.clone(),
        host: MockHost::new(),
    };
    let deployed = env.deploy(CONTRACT, fixtures::TOKEN, &1_000u128.to_le_bytes());
    assert!(deployed.is_success(), "{deployed:?}");
    let mut input = vec![1u8];
    input.extend_from_slice(&BOB);
    input.extend_from_slice(&10u128.to_le_bytes());
    env.call(CONTRACT, &input)
}

fn compiled_and_loaded(stats: CacheStats) -> (u64, u64) {
    (stats.compiled, stats.loaded)
}

#[test]
fn a_new_vm_loads_what_an_earlier_one_compiled_and_runs_it_alike() {
    let root = TempDir::new("restart");
    let (first, _) = vm_in(&root.0, Limits::default());
    let before = transfer_on(&first);
    assert!(before.is_success(), "{before:?}");
    assert_eq!(compiled_and_loaded(first.cache_stats()), (1, 0));

    let (restarted, _) = vm_in(&root.0, Limits::default());
    let after = transfer_on(&restarted);
    assert_eq!(after, before);
    assert_eq!(compiled_and_loaded(restarted.cache_stats()), (0, 1));
}

#[test]
fn forgotten_code_leaves_neither_the_cache_nor_the_disk() {
    let root = TempDir::new("forget");
    let (vm, dir) = vm_in(&root.0, Limits::default());
    assert!(transfer_on(&vm).is_success());
    let hash = runtime_vm::code_hash(fixtures::TOKEN);
    assert!(vm.is_cached(&hash));
    let artifacts = || std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(artifacts(), 1);

    vm.forget(&hash);
    assert!(!vm.is_cached(&hash));
    assert_eq!(artifacts(), 0);
    assert_eq!(vm.cache_stats().bytes, 0);
    // Stored again, it is compiled again: nothing was left to load.
    assert!(transfer_on(&vm).is_success());
    assert_eq!(compiled_and_loaded(vm.cache_stats()), (2, 0));
}

#[test]
fn warming_fills_the_cache_so_the_first_call_neither_compiles_nor_loads() {
    let root = TempDir::new("warm");
    let (first, _) = vm_in(&root.0, Limits::default());
    for code in [fixtures::TOKEN, fixtures::COUNTER, fixtures::HASHER] {
        first.prepare(&runtime_vm::code_hash(code), code).unwrap();
    }
    let (restarted, _) = vm_in(&root.0, Limits::default());
    assert_eq!(restarted.warm_cache(), 3);
    assert!(restarted.is_cached(&runtime_vm::code_hash(fixtures::TOKEN)));
    assert_eq!(compiled_and_loaded(restarted.cache_stats()), (0, 3));
    transfer_on(&restarted);
    let stats = restarted.cache_stats();
    assert_eq!((stats.compiled, stats.loaded, stats.misses), (0, 3, 3));
}

/// Damages an artifact file, given another contract's artifact.
type Tamper = fn(&mut Vec<u8>, &[u8]);

#[test]
fn a_corrupt_truncated_or_foreign_artifact_is_compiled_again_and_replaced() {
    let hash = runtime_vm::code_hash(fixtures::TOKEN);
    let name = format!("{}.cwasm", hex::encode(hash));
    let tampers: [(&str, Tamper); 5] = [
        ("flipped", |file, _| {
            let last = file.len() - 100;
            file[last] ^= 0x55;
        }),
        ("truncated", |file, _| file.truncate(file.len() / 2)),
        ("empty", |file, _| file.clear()),
        ("another contract's", |file, other| *file = other.to_vec()),
        ("garbage", |file, _| file.iter_mut().for_each(|b| *b = 0x90)),
    ];
    for (what, tamper) in tampers {
        let root = TempDir::new(&what.replace(' ', "-"));
        let (first, dir) = vm_in(&root.0, Limits::default());
        let expected = transfer_on(&first);
        first
            .prepare(&runtime_vm::code_hash(fixtures::COUNTER), fixtures::COUNTER)
            .unwrap();
        let other_name = format!(
            "{}.cwasm",
            hex::encode(runtime_vm::code_hash(fixtures::COUNTER))
        );
        let other = std::fs::read(dir.join(other_name)).unwrap();
        let mut file = std::fs::read(dir.join(&name)).unwrap();
        tamper(&mut file, &other);
        std::fs::write(dir.join(&name), &file).unwrap();

        let (restarted, _) = vm_in(&root.0, Limits::default());
        assert_eq!(transfer_on(&restarted), expected, "{what}");
        assert_eq!(
            compiled_and_loaded(restarted.cache_stats()),
            (1, 0),
            "{what}"
        );
        // The compile wrote a good artifact in its place.
        let (again, _) = vm_in(&root.0, Limits::default());
        assert_eq!(transfer_on(&again), expected, "{what}");
        assert_eq!(compiled_and_loaded(again.cache_stats()), (0, 1), "{what}");
    }
}

#[test]
fn artifacts_of_other_limits_are_never_loaded() {
    // The stack budget is compiled into the instrumented code: a VM with
    // other limits has another fingerprint, so another directory.
    let root = TempDir::new("limits");
    let (first, first_dir) = vm_in(&root.0, Limits::default());
    transfer_on(&first);
    let other = Limits {
        execution: ExecutionLimits {
            max_stack_height: Limits::default().execution.max_stack_height / 2,
            ..ExecutionLimits::default()
        },
        ..Limits::default()
    };
    let (second, second_dir) = vm_in(&root.0, other);
    assert_ne!(first_dir, second_dir);
    transfer_on(&second);
    assert_eq!(compiled_and_loaded(second.cache_stats()), (1, 0));
}

#[test]
fn artifacts_of_another_version_of_the_semantics_are_never_loaded() {
    // Each version prices operators in the compiled code itself: its own
    // fingerprint, its own directory.
    let root = TempDir::new("semantics");
    let [older, newer] = [Semantics::V1, Semantics::V2].map(|semantics| {
        let vm = Vm::new(semantics, Limits::default(), Schedule::default(), 64 << 20).unwrap();
        let dir = vm.keep_artifacts_in(&root.0).unwrap();
        (vm, dir)
    });
    assert_ne!(older.1, newer.1);
    transfer_on(&older.0);
    transfer_on(&newer.0);
    assert_eq!(compiled_and_loaded(newer.0.cache_stats()), (1, 0));
}
