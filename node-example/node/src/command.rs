//! Runs what the command line asked for.

use sc_cli::SubstrateCli;

use crate::cli::{BenchmarkCmd, Cli, Subcommand};
use crate::{chain_spec, service};

impl SubstrateCli for Cli {
    fn impl_name() -> String {
        "Wasmtime contracts dev node".into()
    }

    fn impl_version() -> String {
        env!("SUBSTRATE_CLI_IMPL_VERSION").into()
    }

    fn description() -> String {
        env!("CARGO_PKG_DESCRIPTION").into()
    }

    fn author() -> String {
        "The wasmtime-contracts developers".into()
    }

    fn support_url() -> String {
        "https://github.com/wasmtime-contracts/wasmtime-contracts/issues".into()
    }

    fn copyright_start_year() -> i32 {
        2026
    }

    fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
        Ok(match id {
            "" | "dev" => Box::new(chain_spec::development()?),
            "local" => Box::new(chain_spec::local_testnet()?),
            path => Box::new(chain_spec::ChainSpec::from_json_file(path.into())?),
        })
    }
}

/// Parses the command line and runs it.
pub fn run() -> sc_cli::Result<()> {
    let cli = Cli::from_args();
    match &cli.subcommand {
        Some(Subcommand::Key(cmd)) => cmd.run(&cli),
        Some(Subcommand::ExportChainSpec(cmd)) => {
            let spec = cli.load_spec(&cmd.chain)?;
            cmd.run(spec)
        }
        Some(Subcommand::PurgeChain(cmd)) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| cmd.run(config.database))
        }
        Some(Subcommand::Benchmark(BenchmarkCmd::Pallet(cmd))) => {
            let runner = cli.create_runner(cmd)?;
            runner.sync_run(|config| benchmark_pallet(cmd, config))
        }
        None => {
            if let Some(newest) = cli.vm_semantics_up_to {
                pallet_wasm_contracts::implement_semantics_up_to(newest);
            }
            let runner = cli.create_runner(&cli.run)?;
            runner.run_node_until_exit(|config| async move {
                service::new_full(config).map_err(sc_cli::Error::Service)
            })
        }
    }
}

/// `benchmark pallet`, with the pallet's host functions registered
/// (Substrate's and the benchmarking ones are added by the command).
#[cfg(feature = "runtime-benchmarks")]
fn benchmark_pallet(
    cmd: &frame_benchmarking_cli::PalletCmd,
    config: sc_service::Configuration,
) -> sc_cli::Result<()> {
    cmd.run_with_spec::<sp_runtime::traits::HashingFor<node_example_runtime::opaque::Block>, service::ContractHostFunctions>(
        Some(config.chain_spec),
    )
}

#[cfg(not(feature = "runtime-benchmarks"))]
fn benchmark_pallet(
    _cmd: &frame_benchmarking_cli::PalletCmd,
    _config: sc_service::Configuration,
) -> sc_cli::Result<()> {
    Err(
        "the runtime's benchmarks are not compiled in: build with `--features runtime-benchmarks`"
            .into(),
    )
}
