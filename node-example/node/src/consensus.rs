//! How the node makes and finalizes blocks, chosen by the chain spec's type:
//! a development chain seals a block for every transaction and finalizes it
//! at once; any other chain (`--chain local`) authors with Aura, a slot at a
//! time in turn among its validators, and finalizes with GRANDPA.

use std::sync::Arc;
use std::time::Duration;

use node_example_runtime::opaque::Block;
use sc_client_api::BlockBackend;
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::{GrandpaBlockImport, LinkHalf, SharedVoterState};
use sc_network::service::traits::NotificationService;
use sc_network::ProtocolName;
use sc_service::{ChainType, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::TelemetryHandle;
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::AuthorityPair as AuraPair;
use sp_runtime::traits::Block as BlockT;

use crate::service::{FullBackend, FullClient, FullPool, FullSelectChain};

/// GRANDPA writes a justification at least every this many blocks, so a
/// syncing node can check finality without replaying every vote.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The consensus a node runs.
pub enum Consensus {
    /// `--dev`: a block for every transaction, final at once.
    InstantSeal,
    /// Aura and GRANDPA, with what they share between import and authoring.
    AuraGrandpa(Box<AuraGrandpa>),
}

/// Aura's and GRANDPA's state from import queue to voter.
pub struct AuraGrandpa {
    block_import: GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>,
    link: LinkHalf<Block, FullClient, FullSelectChain>,
    /// GRANDPA's gossip protocol, once registered with the network.
    protocol: Option<(ProtocolName, Box<dyn NotificationService>)>,
}

/// What a node's authoring and finality tasks need once its network runs.
pub struct Authoring<'a> {
    /// The chain.
    pub client: Arc<FullClient>,
    /// Where blocks take their transactions from.
    pub pool: Arc<FullPool>,
    /// Which chain to build on.
    pub select_chain: FullSelectChain,
    /// Builds blocks.
    pub proposer: sc_basic_authorship::ProposerFactory<FullPool, FullClient>,
    /// The validator's keys.
    pub keystore: sp_keystore::KeystorePtr,
    /// The peers.
    pub network: Arc<dyn sc_network::service::traits::NetworkService>,
    /// Sync state: a node does not author while it catches up.
    pub sync: Arc<sc_network_sync::SyncingService<Block>>,
    /// Where the tasks run.
    pub task_manager: &'a TaskManager,
    /// Telemetry, if configured.
    pub telemetry: Option<TelemetryHandle>,
    /// Metrics, if enabled.
    pub prometheus_registry: Option<substrate_prometheus_endpoint::Registry>,
    /// Validator or full node.
    pub role: sc_service::Role,
    /// `--force-authoring`: author even without peers.
    pub force_authoring: bool,
    /// The node's name, as GRANDPA reports it.
    pub node_name: String,
    /// `--no-grandpa` turns finality off.
    pub grandpa_enabled: bool,
}

/// The timestamp and Aura slot a block built now carries.
fn slot_inherents(
    slot_duration: sp_consensus_aura::SlotDuration,
) -> (
    sp_consensus_aura::inherents::InherentDataProvider,
    sp_timestamp::InherentDataProvider,
) {
    let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
    let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
        *timestamp,
        slot_duration,
    );
    (slot, timestamp)
}

impl Consensus {
    /// The consensus `config`'s chain runs; Aura's and GRANDPA's block import
    /// read the chain's authorities from `client`.
    pub fn for_chain(
        config: &Configuration,
        client: &Arc<FullClient>,
        select_chain: FullSelectChain,
        telemetry: Option<TelemetryHandle>,
    ) -> Result<Self, sc_service::Error> {
        if config.chain_spec.chain_type() == ChainType::Development {
            return Ok(Self::InstantSeal);
        }
        let (block_import, link) = sc_consensus_grandpa::block_import(
            client.clone(),
            GRANDPA_JUSTIFICATION_PERIOD,
            client,
            select_chain,
            telemetry,
        )?;
        Ok(Self::AuraGrandpa(Box::new(AuraGrandpa {
            block_import,
            link,
            protocol: None,
        })))
    }

    /// The queue that checks blocks from the network (and, for instant seal,
    /// from the node itself) before importing them.
    pub fn import_queue(
        &self,
        client: &Arc<FullClient>,
        task_manager: &TaskManager,
        config: &Configuration,
        telemetry: Option<TelemetryHandle>,
    ) -> Result<sc_consensus::DefaultImportQueue<Block>, sc_service::Error> {
        let spawner = task_manager.spawn_essential_handle();
        let registry = config.prometheus_registry();
        let Self::AuraGrandpa(aura) = self else {
            return Ok(sc_consensus_manual_seal::import_queue(
                Box::new(client.clone()),
                &spawner,
                registry,
            ));
        };
        let slot_client = client.clone();
        let queue =
            sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
                block_import: aura.block_import.clone(),
                justification_import: Some(Box::new(aura.block_import.clone())),
                client: client.clone(),
                create_inherent_data_providers: move |parent, ()| {
                    let slot_client = slot_client.clone();
                    async move {
                        let slot_duration =
                            sc_consensus_aura::standalone::slot_duration_at(&*slot_client, parent)?;
                        Ok(slot_inherents(slot_duration))
                    }
                },
                spawner: &spawner,
                registry,
                check_for_equivocation: Default::default(),
                telemetry,
                compatibility_mode: Default::default(),
            })?;
        Ok(queue)
    }

    /// Registers GRANDPA's gossip protocol with the network being built and
    /// answers how peers may warp-sync to a finalized block; nothing for
    /// instant seal.
    pub fn register_network<Network>(
        &mut self,
        net_config: &mut sc_network::config::FullNetworkConfiguration<
            Block,
            <Block as BlockT>::Hash,
            Network,
        >,
        metrics: sc_network::service::NotificationMetrics,
        client: &FullClient,
        backend: Arc<FullBackend>,
        config: &Configuration,
    ) -> Result<Option<WarpSyncConfig<Block>>, sc_service::Error>
    where
        Network: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>,
    {
        let Self::AuraGrandpa(aura) = self else {
            return Ok(None);
        };
        let genesis = client
            .block_hash(0)?
            .ok_or_else(|| sc_service::Error::Other("the chain has no genesis block".into()))?;
        let name = sc_consensus_grandpa::protocol_standard_name(&genesis, &config.chain_spec);
        let (protocol, notifications) = sc_consensus_grandpa::grandpa_peers_set_config::<_, Network>(
            name.clone(),
            metrics,
            net_config.peer_store_handle(),
        );
        net_config.add_notification_protocol(protocol);
        aura.protocol = Some((name, notifications));
        let warp_proofs = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
            backend,
            aura.link.shared_authority_set().clone(),
            Vec::new(),
        ));
        Ok(Some(WarpSyncConfig::WithProvider(warp_proofs)))
    }

    /// Starts authoring (a validator) and finality (GRANDPA's voter) as
    /// essential tasks: if either fails, the node stops.
    pub fn start(self, authoring: Authoring) -> Result<(), sc_service::Error> {
        let spawner = authoring.task_manager.spawn_essential_handle();
        let aura = match self {
            Self::InstantSeal => {
                let seal = sc_consensus_manual_seal::run_instant_seal_and_finalize(
                    sc_consensus_manual_seal::InstantSealParams {
                        block_import: authoring.client.clone(),
                        env: authoring.proposer,
                        client: authoring.client,
                        pool: authoring.pool,
                        select_chain: authoring.select_chain,
                        consensus_data_provider: None,
                        create_inherent_data_providers: |_, ()| async move {
                            Ok(sp_timestamp::InherentDataProvider::from_system_time())
                        },
                    },
                );
                spawner.spawn_blocking("instant-seal", None, seal);
                return Ok(());
            }
            Self::AuraGrandpa(aura) => *aura,
        };

        if authoring.role.is_authority() {
            let slot_duration = sc_consensus_aura::slot_duration(&*authoring.client)?;
            let author = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
                StartAuraParams {
                    slot_duration,
                    client: authoring.client.clone(),
                    select_chain: authoring.select_chain,
                    block_import: aura.block_import,
                    proposer_factory: authoring.proposer,
                    create_inherent_data_providers: move |_, ()| async move {
                        Ok(slot_inherents(slot_duration))
                    },
                    force_authoring: authoring.force_authoring,
                    backoff_authoring_blocks: None::<()>,
                    keystore: authoring.keystore.clone(),
                    sync_oracle: authoring.sync.clone(),
                    justification_sync_link: authoring.sync.clone(),
                    block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
                    max_block_proposal_slot_portion: None,
                    telemetry: authoring.telemetry.clone(),
                    compatibility_mode: Default::default(),
                },
            )?;
            spawner.spawn_blocking("aura", Some("block-authoring"), author);
        }

        if !authoring.grandpa_enabled {
            return Ok(());
        }
        let (protocol_name, notification_service) = aura.protocol.ok_or_else(|| {
            sc_service::Error::Other("GRANDPA's protocol was not registered".into())
        })?;
        let voter = sc_consensus_grandpa::run_grandpa_voter(sc_consensus_grandpa::GrandpaParams {
            config: sc_consensus_grandpa::Config {
                gossip_duration: Duration::from_millis(333),
                justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
                name: Some(authoring.node_name),
                observer_enabled: false,
                keystore: authoring.role.is_authority().then_some(authoring.keystore),
                local_role: authoring.role,
                telemetry: authoring.telemetry.clone(),
                protocol_name,
            },
            link: aura.link,
            network: authoring.network,
            sync: authoring.sync,
            notification_service,
            voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
            prometheus_registry: authoring.prometheus_registry,
            shared_voter_state: SharedVoterState::empty(),
            telemetry: authoring.telemetry,
            offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(authoring.pool),
        })?;
        spawner.spawn_blocking("grandpa-voter", None, voter);
        Ok(())
    }
}
