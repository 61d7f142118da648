//! Builds the runtime to wasm (`WASM_BINARY`) for the node's chain spec,
//! and again as its previous release (`previous_release::WASM_BINARY`, the
//! `previous-release` feature), which the e2e's network starts with before
//! its live runtime upgrade. Both share one wasm target directory: the
//! second compiles this crate alone.

fn main() {
    #[cfg(feature = "std")]
    {
        substrate_wasm_builder::WasmBuilder::build_using_defaults();
        substrate_wasm_builder::WasmBuilder::init_with_defaults()
            .enable_feature("previous-release")
            .set_file_name("previous_release")
            .build();
    }
}
