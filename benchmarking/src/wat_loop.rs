//! The loop every host-call contract runs (vm-bench's and
//! vm-bench-cosmwasm's, which includes this file).

/// WAT that runs `body` `calls` times (0: not at all), counting in the local
/// `$i`, which the function must declare.
pub fn counted(body: &str, calls: u32) -> String {
    format!(
        r#"(block $done
      (br_if $done (i32.eqz (i32.const {calls})))
      (loop $again
        {body}
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $again (i32.lt_u (local.get $i) (i32.const {calls})))))"#
    )
}
