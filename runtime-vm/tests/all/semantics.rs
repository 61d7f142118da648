//! Versions of the semantics: each runs contracts at its own prices (its
//! artifacts are kept apart: `artifacts.rs`).

use runtime_vm::testing::MockHost;
use runtime_vm::{Limits, Schedule, Semantics, Vm};
use runtime_vm_hostile::roundings;

use crate::common::*;

/// How often the contract rounds.
const ROUNDINGS: u32 = 1_000;

/// The fuel the rounding contract uses under `semantics`.
fn fuel_under(semantics: Semantics) -> u64 {
    let mut env = Env {
        vm: Vm::new(semantics, Limits::default(), Schedule::default(), 1 << 20).unwrap(),
        host: MockHost::new(),
    };
    env.install(CONTRACT, &roundings(ROUNDINGS));
    let outcome = env.call(CONTRACT, &[]);
    assert!(outcome.is_success(), "{outcome:?}");
    assert_eq!(env.vm.semantics(), semantics);
    outcome.gas_used
}

#[test]
fn version_2_charges_rounding_8_fuel_where_version_1_charged_20() {
    let (v1, v2) = (fuel_under(Semantics::V1), fuel_under(Semantics::V2));
    assert_eq!(v1 - v2, u64::from(ROUNDINGS) * (20 - 8), "v1 {v1}, v2 {v2}");
    // A VM follows its own version whatever others run.
    assert_eq!(fuel_under(Semantics::V1), v1);
}
