// The long load run, by hand: starts the four validators of `--chain local`
// (`NODE_EXAMPLE_BIN`), deploys the token fixture (`TOKEN_WASM`) and
// cw20-base (`CW20_WASM`) through the first, funds four senders, sends
// `LOAD_CALLS` (default 500) calls and prints the report, then stops the
// validators. `cargo test --release -p node-example --test e2e -- --ignored`
// passes all of them (docs/network.md).

import { Keyring } from '@polkadot/keyring';

import { Nonces } from './lib/chain.js';
import { deployCw20, deployToken } from './lib/contracts.js';
import { describeLoad, fundSenders, runLoad } from './lib/load.js';
import { Network } from './lib/network.js';

const calls = Number(process.env.LOAD_CALLS ?? 500);
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const [alice, ...senders] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map((name) => keyring.addFromUri(`//${name}`));
const recipient = keyring.addFromUri('//Ferdie');

const network = new Network();
try {
  await network.start();
  const nodes = network.nodes;
  const { api } = nodes[0];
  const nonces = new Nonces(api);
  const options = async () => ({ nonce: await nonces.take(alice), gasMargin: 0.1 });
  const supply = 1_000_000_000n;
  const [tokenOptions, cw20Options] = [await options(), await options()];
  const [token, cw20] = await Promise.all([
    deployToken(api, alice, supply, '0x01', tokenOptions),
    deployCw20(api, alice, [[alice, supply]], '0x02', cw20Options),
  ]);
  const contracts = { token, cw20 };
  await fundSenders(api, alice, nonces, contracts, senders, BigInt(calls));
  const report = await runLoad({
    apis: nodes.map((node) => node.api),
    pids: nodes.map((node) => node.pid),
    senders,
    recipient,
    contracts,
    calls,
  });
  for (const line of describeLoad(report)) console.log(line);
  const clean = report.finalized === calls && report.lost.length === 0 && report.duplicated.length === 0
    && report.missingFromChain.length === 0 && report.mostSlotsMissedInARow <= 3;
  process.exitCode = clean ? 0 : 1;
} finally {
  await network.stopAll();
}
