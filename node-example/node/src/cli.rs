//! The command line: `node-example [OPTIONS]` runs the node; subcommands do the rest.

/// `node-example`'s arguments.
#[derive(Debug, clap::Parser)]
pub struct Cli {
    /// What to do instead of running the node.
    #[command(subcommand)]
    pub subcommand: Option<Subcommand>,

    /// How to run the node.
    #[clap(flatten)]
    pub run: sc_cli::RunCmd,

    /// Run contracts under the VM's semantics up to this version only, as a
    /// node release made before the newer ones would: blocks of a runtime
    /// that asks for a newer version fail to import. For rehearsing a
    /// semantics upgrade on a test network (`docs/upgrades.md`).
    #[arg(long, value_name = "VERSION")]
    pub vm_semantics_up_to: Option<u32>,
}

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once, at start-up")]
pub enum Subcommand {
    /// Key management: generate, inspect, insert keys.
    #[command(subcommand)]
    Key(sc_cli::KeySubcommand),

    /// Print a chain spec as JSON (`--chain dev` for the dev chain).
    ExportChainSpec(sc_cli::ExportChainSpecCmd),

    /// Delete the chain's database.
    PurgeChain(sc_cli::PurgeChainCmd),

    /// Measure the runtime's weights.
    #[command(subcommand)]
    Benchmark(BenchmarkCmd),
}

/// `node-example benchmark ...`.
#[derive(Debug, clap::Subcommand)]
pub enum BenchmarkCmd {
    /// Run a pallet's benchmarks and write its `weights.rs`.
    Pallet(frame_benchmarking_cli::PalletCmd),
}
