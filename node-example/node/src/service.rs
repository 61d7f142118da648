//! The node's services: client, transaction pool, network, RPC, and the
//! chain's [`Consensus`].

use std::sync::Arc;

use futures::FutureExt;
use node_example_runtime::{opaque::Block, RuntimeApi};
use sc_client_api::backend::Backend;
use sc_executor::WasmExecutor;
use sc_network::config::NetworkBackendType;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_runtime::traits::Block as BlockT;

use crate::consensus::{Authoring, Consensus};

/// The pallet's host functions: the runtime reaches Wasmtime through them.
pub type ContractHostFunctions = pallet_wasm_contracts::interface::wasm_contracts_vm::HostFunctions;

/// Every host function the runtime may call.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = (sp_io::SubstrateHostFunctions, ContractHostFunctions);

/// Every host function the runtime may call: a runtime built with its
/// benchmarks also imports the benchmarking ones.
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions = (
    sp_io::SubstrateHostFunctions,
    ContractHostFunctions,
    frame_benchmarking::benchmarking::HostFunctions,
);

/// The node's client: the runtime executed as wasm with [`HostFunctions`].
pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, WasmExecutor<HostFunctions>>;
/// The node's database.
pub type FullBackend = sc_service::TFullBackend<Block>;
/// The node's transaction pool.
pub type FullPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;
/// The fork choice: the longest chain.
pub type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;

/// Starts the node: `config` comes from the command line.
pub fn new_full(config: Configuration) -> Result<TaskManager, ServiceError> {
    match config.network.network_backend {
        NetworkBackendType::Libp2p => {
            start::<sc_network::NetworkWorker<Block, <Block as BlockT>::Hash>>(config)
        }
        NetworkBackendType::Litep2p => start::<sc_network::Litep2pNetworkBackend>(config),
    }
}

fn start<Network: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>>(
    config: Configuration,
) -> Result<TaskManager, ServiceError> {
    let telemetry = config
        .telemetry_endpoints
        .clone()
        .filter(|endpoints| !endpoints.is_empty())
        .map(|endpoints| -> Result<_, sc_telemetry::Error> {
            let worker = TelemetryWorker::new(16)?;
            let telemetry = worker.handle().new_telemetry(endpoints);
            Ok((worker, telemetry))
        })
        .transpose()?;

    pallet_wasm_contracts::keep_compiled_contracts_in(
        config.base_path.path().join("wasm-contracts"),
    );
    let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
    let (client, backend, keystore_container, mut task_manager) =
        sc_service::new_full_parts::<Block, RuntimeApi, _>(
            &config,
            telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
            executor,
            Vec::new(),
        )?;
    let client = Arc::new(client);
    let mut telemetry: Option<Telemetry> = telemetry.map(|(worker, telemetry)| {
        task_manager
            .spawn_handle()
            .spawn("telemetry", None, worker.run());
        telemetry
    });

    let select_chain = sc_consensus::LongestChain::new(backend.clone());
    let transaction_pool: Arc<FullPool> = Arc::from(
        sc_transaction_pool::Builder::new(
            task_manager.spawn_essential_handle(),
            client.clone(),
            config.role.is_authority().into(),
        )
        .with_options(config.transaction_pool.clone())
        .with_prometheus(config.prometheus_registry())
        .build(),
    );
    let mut consensus = Consensus::for_chain(
        &config,
        &client,
        select_chain.clone(),
        telemetry.as_ref().map(|telemetry| telemetry.handle()),
    )?;
    let import_queue = consensus.import_queue(
        &client,
        &task_manager,
        &config,
        telemetry.as_ref().map(|telemetry| telemetry.handle()),
    )?;

    let mut net_config = sc_network::config::FullNetworkConfiguration::<
        Block,
        <Block as BlockT>::Hash,
        Network,
    >::new(&config.network, config.prometheus_registry().cloned());
    let metrics = Network::register_notification_metrics(config.prometheus_registry());
    let warp_sync_config = consensus.register_network(
        &mut net_config,
        metrics.clone(),
        &client,
        backend.clone(),
        &config,
    )?;
    let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
        sc_service::build_network(sc_service::BuildNetworkParams {
            config: &config,
            net_config,
            client: client.clone(),
            transaction_pool: transaction_pool.clone(),
            spawn_handle: task_manager.spawn_handle(),
            spawn_essential_handle: task_manager.spawn_essential_handle(),
            import_queue,
            block_announce_validator_builder: None,
            warp_sync_config,
            block_relay: None,
            metrics,
            gap_sync_body_policy: None,
        })?;

    if config.offchain_worker.enabled {
        let offchain_workers =
            sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
                runtime_api_provider: client.clone(),
                is_validator: config.role.is_authority(),
                keystore: Some(keystore_container.keystore()),
                offchain_db: backend.offchain_storage(),
                transaction_pool: Some(OffchainTransactionPoolFactory::new(
                    transaction_pool.clone(),
                )),
                network_provider: Arc::new(network.clone()),
                enable_http_requests: true,
                custom_extensions: |_| vec![],
            })?;
        task_manager.spawn_handle().spawn(
            "offchain-workers-runner",
            "offchain-worker",
            offchain_workers
                .run(client.clone(), task_manager.spawn_handle())
                .boxed(),
        );
    }

    let rpc_builder = {
        let client = client.clone();
        let pool = transaction_pool.clone();
        Box::new(move |_| {
            let deps = crate::rpc::FullDeps {
                client: client.clone(),
                pool: pool.clone(),
            };
            crate::rpc::create_full(deps).map_err(Into::into)
        })
    };

    let prometheus_registry = config.prometheus_registry().cloned();
    let role = config.role;
    let force_authoring = config.force_authoring;
    let node_name = config.network.node_name.clone();
    let grandpa_enabled = !config.disable_grandpa;
    sc_service::spawn_tasks(sc_service::SpawnTasksParams {
        network: network.clone(),
        client: client.clone(),
        keystore: keystore_container.keystore(),
        task_manager: &mut task_manager,
        transaction_pool: transaction_pool.clone(),
        rpc_builder,
        backend,
        system_rpc_tx,
        tx_handler_controller,
        sync_service: sync_service.clone(),
        config,
        telemetry: telemetry.as_mut(),
        tracing_execute_block: None,
    })?;

    let proposer = sc_basic_authorship::ProposerFactory::new(
        task_manager.spawn_handle(),
        client.clone(),
        transaction_pool.clone(),
        prometheus_registry.as_ref(),
        telemetry.as_ref().map(|telemetry| telemetry.handle()),
    );
    consensus.start(Authoring {
        client,
        pool: transaction_pool,
        select_chain,
        proposer,
        keystore: keystore_container.keystore(),
        network,
        sync: sync_service,
        task_manager: &task_manager,
        telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
        prometheus_registry,
        role,
        force_authoring,
        node_name,
        grandpa_enabled,
    })?;

    Ok(task_manager)
}
