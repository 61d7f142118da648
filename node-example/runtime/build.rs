//! Builds the runtime to wasm (`WASM_BINARY`) for the node's chain spec.

fn main() {
    #[cfg(feature = "std")]
    substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
