//! Same input, same result: repeated calls, warm and cold caches, threads.

use std::sync::Arc;

use runtime_vm::testing::MockHost;
use runtime_vm::{Outcome, Vm};
use runtime_vm_fixtures as fixtures;

use crate::common::*;

fn token_env(vm: Vm) -> Env {
    let mut env = Env {
        vm,
        host: MockHost::new(),
    };
    assert!(env
        .deploy(CONTRACT, fixtures::TOKEN, &1_000u128.to_le_bytes())
        .is_success());
    env
}

fn transfer() -> Vec<u8> {
    [&[1u8][..], &BOB, &10u128.to_le_bytes()].concat()
}

#[test]
fn the_same_call_on_the_same_state_gives_the_same_outcome() {
    let vm = default_vm(64 << 20);
    let mut first = token_env(vm.clone());
    let mut second = token_env(vm);
    let a = first.call(CONTRACT, &transfer());
    let b = second.call(CONTRACT, &transfer());
    assert!(a.is_success());
    assert_eq!(a, b);
    assert_eq!(first.host.storage(), second.host.storage());
}

#[test]
fn a_cache_hit_copies_no_code_and_hit_or_miss_never_changes_the_result_or_the_fuel() {
    let vm = default_vm(64 << 20);
    let hash = runtime_vm::code_hash(fixtures::TOKEN);
    let mut cold = token_env(vm.clone());
    vm.clear_cache();
    assert!(!vm.is_cached(&hash));
    let misses = vm.cache_stats().misses;
    let fetched = cold.host.work().code_fetches;
    let cold_outcome = cold.call(CONTRACT, &transfer());
    assert_eq!(vm.cache_stats().misses, misses + 1, "this call compiled");
    assert_eq!(
        cold.host.work().code_fetches,
        fetched + 1,
        "so it fetched the code"
    );
    assert!(vm.is_cached(&hash));

    let mut warm = token_env(vm.clone());
    let hits = vm.cache_stats().hits;
    let fetched = warm.host.work().code_fetches;
    let warm_outcome = warm.call(CONTRACT, &transfer());
    assert!(vm.cache_stats().hits > hits, "this call hit the cache");
    assert_eq!(warm.host.work().code_fetches, fetched, "and copied no code");
    assert_eq!(cold_outcome, warm_outcome);
    assert_eq!(cold.host.storage(), warm.host.storage());
}

#[test]
fn eviction_keeps_the_cache_within_its_bytes_and_changes_nothing() {
    let (token, counter) = (
        runtime_vm::code_hash(fixtures::TOKEN),
        runtime_vm::code_hash(fixtures::COUNTER),
    );
    let weight = |hash, code| {
        let vm = default_vm(64 << 20);
        vm.prepare(&hash, code).unwrap();
        vm.cache_stats().bytes
    };
    // Room for either contract, not both.
    let capacity = weight(token, fixtures::TOKEN) + weight(counter, fixtures::COUNTER) - 1;
    let vm = default_vm(capacity);
    let mut env = token_env(vm.clone());
    let first = env.call(CONTRACT, &[2; 33]);
    env.install(BOB, fixtures::COUNTER);
    env.call(BOB, &[1]);
    let stats = vm.cache_stats();
    assert!(stats.bytes <= capacity, "{stats:?}");
    assert_eq!(stats.entries, 1);
    assert!(vm.is_cached(&counter));
    assert!(
        !vm.is_cached(&token),
        "the least recently used entry was evicted: {stats:?}"
    );
    // Recompiled on demand, to the same result and fuel.
    assert_eq!(env.call(CONTRACT, &[2; 33]), first);
}

#[test]
fn threads_sharing_one_vm_agree() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Vm>();

    let vm = Arc::new(default_vm(64 << 20));
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let vm = vm.clone();
                scope.spawn(move || {
                    let mut env = token_env((*vm).clone());
                    env.call(CONTRACT, &transfer())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(outcomes[0].is_success());
    assert!(outcomes.iter().all(|o| *o == outcomes[0]));
}
