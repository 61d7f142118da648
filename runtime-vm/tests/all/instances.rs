//! Pooled instances: a slot's memory never leaks into the next contract, and
//! executions beyond the pool's slots wait instead of failing.

use runtime_vm::engine::CONCURRENT_EXECUTIONS;
use runtime_vm::testing::MockHost;
use runtime_vm::{Address, Limits, Status};

use crate::common::*;

/// Where the contracts below keep their secret.
const SECRET_AT: u32 = 40_000;
const SECRET_LEN: u32 = 64;

/// Returns the 64 bytes at [`SECRET_AT`] as they were when it started, then
/// overwrites them with 0xAB.
fn peek_then_scribble() -> Vec<u8> {
    wat_contract(
        "",
        &format!(
            "(call $set_return (i32.const {SECRET_AT}) (i32.const {SECRET_LEN}))
             (memory.fill (i32.const {SECRET_AT}) (i32.const 0xAB) (i32.const {SECRET_LEN}))
             (call $set_return (i32.const 0) (i32.const 0))
             (call $set_return (i32.const {SECRET_AT}) (i32.const {SECRET_LEN}))"
        ),
    )
}

#[test]
fn a_fresh_instance_never_sees_a_previous_contracts_memory() {
    // `set_return` copies when called: the last call returns the scribbled
    // bytes, so the test also proves the scribbling happened.
    let peek = wat_contract(
        "",
        &format!("(call $set_return (i32.const {SECRET_AT}) (i32.const {SECRET_LEN}))"),
    );
    let mut env = Env::new();
    env.install(CONTRACT, &peek_then_scribble());
    env.install(BOB, &peek);
    for _ in 0..3 * CONCURRENT_EXECUTIONS {
        let scribbled = env.call(CONTRACT, &[]);
        assert_eq!(scribbled.return_data, vec![0xAB; SECRET_LEN as usize]);
        let seen = env.call(BOB, &[]);
        assert_eq!(seen.return_data, vec![0; SECRET_LEN as usize]);
    }
}

#[test]
fn the_same_contract_starts_from_its_initial_memory_every_call() {
    let mut env = Env::new();
    env.install(CONTRACT, &peek_then_scribble());
    for _ in 0..3 * CONCURRENT_EXECUTIONS {
        let outcome = env.call(CONTRACT, &[]);
        assert_eq!(outcome.return_data, vec![0xAB; SECRET_LEN as usize]);
    }
    // A memory.grow'n page is gone too: a grow-and-scribble contract reads zeros.
    let grow = wat_contract(
        "",
        "(if (i32.ne (memory.size) (i32.const 1)) (then unreachable))
         (drop (memory.grow (i32.const 1)))
         (memory.fill (i32.const 65536) (i32.const 0xCD) (i32.const 64))",
    );
    env.install(BOB, &grow);
    for _ in 0..3 * CONCURRENT_EXECUTIONS {
        assert!(env.call(BOB, &[]).is_success());
    }
}

/// Installs a chain of `depth` contracts on `host`, each calling the next
/// (the last spins a while); returns the first.
fn call_chain(host: &mut MockHost, depth: u8) -> Address {
    for level in 1..=depth {
        let next: String = (0..32).map(|_| format!("\\{:02x}", level + 1)).collect();
        let body = if level < depth {
            "(if (call $call (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 64) (i64.const 0))
               (then unreachable))"
                .to_string()
        } else {
            "(local $i i32) (local.set $i (i32.const 20000))
             (loop $l (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))"
                .to_string()
        };
        host.add_contract([level; 32], wat_contract(&next, &body));
    }
    [1; 32]
}

#[test]
fn executions_beyond_the_pools_slots_wait_and_all_succeed() {
    // Four times as many threads as slots, each nesting calls to the deepest
    // stack `Limits` allow: at once they would need four times the pooled
    // instances. Every one must succeed, whatever the scheduling.
    let env = Env::new();
    let depth = Limits::default().execution.max_call_depth as u8;
    let threads = 4 * CONCURRENT_EXECUTIONS;
    let (env, start) = (&env, std::sync::Barrier::new(threads as usize));
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..threads)
            .map(|_| {
                let (vm, start) = (env.vm.clone(), &start);
                scope.spawn(move || {
                    let mut host = MockHost::new();
                    let first = call_chain(&mut host, depth);
                    start.wait();
                    (0..4)
                        .map(|_| {
                            let outcome = vm.execute(&mut host, env.request(first, &[])).unwrap();
                            outcome.status
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for run in runs {
            assert_eq!(run.join().unwrap(), vec![Status::Success; 4]);
        }
    });
}
