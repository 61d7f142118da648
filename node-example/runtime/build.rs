//! Builds the runtime to wasm (`WASM_BINARY`) for the node's chain spec,
//! and again as its next release (`upgrade_rehearsal::WASM_BINARY`, the
//! `upgrade-rehearsal` feature) for the e2e's live runtime upgrade. Both
//! share one wasm target directory: the second compiles this crate alone.

fn main() {
    #[cfg(feature = "std")]
    {
        substrate_wasm_builder::WasmBuilder::build_using_defaults();
        substrate_wasm_builder::WasmBuilder::init_with_defaults()
            .enable_feature("upgrade-rehearsal")
            .set_file_name("upgrade_rehearsal")
            .build();
    }
}
