// A bounded load run on the four-validator network: contract calls from
// several accounts, their nonces counted here, sent round-robin through the
// nodes; then every call is looked for in the finalized chain.

import assert from 'node:assert/strict';

import {
  bornFinalized, Nonces, submit, withMargin,
} from './chain.js';
import { cw20Transfer, tokenTransfer } from './contracts.js';
import { finalizedNumber, rssMiB, until } from './network.js';

/** Gas over a dry run's: the calls land some blocks after it. */
const GAS_MARGIN = 0.2;

/** The `p`-th percentile (0..100) of ascending `sorted`. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The Aura slot a block's header claims. */
export function auraSlot(header) {
  for (const log of header.digest.logs) {
    if (log.isPreRuntime) {
      const [engine, data] = log.asPreRuntime;
      if (engine.toString() === 'aura') {
        return Buffer.from(data.toU8a(true)).readBigUInt64LE(0);
      }
    }
  }
  throw new Error(`block #${header.number} has no Aura slot`);
}

/**
 * Gives each of `senders` `amount` of both tokens from `owner` (whose
 * nonces `nonces` counts), all at once through `api`; resolves when every
 * transfer is final. The dry runs cannot see each other's writes, so their
 * gas gets a margin and the storage deposit no limit.
 */
export async function fundSenders(api, owner, nonces, { token, cw20 }, senders, amount) {
  await Promise.all(senders.flatMap((sender) => [
    [token, tokenTransfer(sender, amount)],
    [cw20, cw20Transfer(sender, amount)],
  ]).map(async ([contract, input]) => {
    const dryRun = await api.call.wasmContractsApi.call(owner.address, contract, 0, null, null, input);
    const gas = withMargin(dryRun.gasRequired, GAS_MARGIN);
    const tx = api.tx.wasmContracts.call(contract, input, 0, gas, null);
    const { error } = await submit(api, tx, owner, { nonce: await nonces.take(owner) });
    assert.equal(error, null);
  }));
}

/**
 * The calls a sender makes in turn: a token transfer and a cw20 transfer
 * to `recipient`, with the gas their dry runs (at the best block) asked for
 * plus a margin.
 */
async function callKinds(api, sender, recipient, { token, cw20 }) {
  const kinds = [
    { contract: token, input: tokenTransfer(recipient, 1n) },
    { contract: cw20, input: cw20Transfer(recipient, 1n) },
  ];
  return Promise.all(kinds.map(async (kind) => {
    const dryRun = await api.call.wasmContractsApi.call(sender.address, kind.contract, 0, null, null, kind.input);
    if (!dryRun.result.isOk) throw new Error(`the dry run of a load call failed: ${dryRun.result.toString()}`);
    return { ...kind, gas: withMargin(dryRun.gasRequired, GAS_MARGIN) };
  }));
}

/**
 * Sends `calls` contract calls (token and cw20 transfers of 1 to
 * `recipient`, alternately; each sender makes one of each in its turn)
 * from `senders`, each sender through one of `apis` (in turn, as wallets
 * each talk to one node: a node holding a sender's whole nonce sequence
 * need not wait for gossip to make the next one ready),
 * all at once; waits until each is finalized (or fails). Then reads the
 * finalized chain from the first block after the start to the last one
 * holding a call, and reports: calls finalized, lost (never finalized or
 * failed), duplicated (found more than once), throughput and latency from
 * submission to finality, the most slots missed in a row, and each node's
 * resident memory (`pids`) before and after.
 */
export async function runLoad({ apis, pids, senders, recipient, contracts, calls }) {
  const [api] = apis;
  const rssStart = pids.map(rssMiB);
  const kinds = await Promise.all(senders.map((sender) => callKinds(api, sender, recipient, contracts)));
  const nonces = new Nonces(api);
  const startBlock = await finalizedNumber(api);
  const started = Date.now();

  const sent = await Promise.all(Array.from({ length: calls }, async (_, index) => {
    const senderIndex = Math.floor(index / 2) % senders.length;
    const sender = senders[senderIndex];
    const { contract, input, gas } = kinds[senderIndex][index % 2];
    const node = apis[senderIndex % apis.length];
    const nonce = await nonces.take(sender);
    const era = await bornFinalized(node);
    const tx = node.tx.wasmContracts.call(contract, input, 0, gas, null);
    const submitted = Date.now();
    return new Promise((resolve) => {
      let unsubscribe = () => {};
      const end = (outcome) => {
        unsubscribe();
        resolve({ hash: tx.hash.toHex(), latencyMs: Date.now() - submitted, ...outcome });
      };
      tx.signAndSend(sender, { nonce, ...era }, ({ status, dispatchError }) => {
        if (status.isInvalid || status.isDropped || status.isUsurped) end({ lost: status.type });
        else if (status.isFinalized) end({ block: status.asFinalized.toHex(), failed: dispatchError?.toString() });
      })
        .then((unsub) => {
          unsubscribe = unsub;
        })
        .catch((error) => end({ lost: error.message }));
    });
  }));
  const seconds = (Date.now() - started) / 1000;

  const finalized = sent.filter((call) => call.block && !call.failed);
  const wanted = new Map(sent.map((call) => [call.hash, 0]));
  const blocks = new Set(finalized.map((call) => call.block));
  let endBlock = startBlock;
  for (const hash of blocks) {
    endBlock = Math.max(endBlock, (await api.rpc.chain.getHeader(hash)).number.toNumber());
  }
  await until(async () => (await finalizedNumber(api)) >= endBlock, `block #${endBlock} to be final`);
  const slots = [];
  for (let number = Math.max(1, startBlock); number <= endBlock; number += 1) {
    const hash = await api.rpc.chain.getBlockHash(number);
    const { block } = await api.rpc.chain.getBlock(hash);
    slots.push(auraSlot(block.header));
    for (const extrinsic of block.extrinsics) {
      const hex = extrinsic.hash.toHex();
      if (wanted.has(hex)) wanted.set(hex, wanted.get(hex) + 1);
    }
  }
  const missedInARow = slots.slice(1).map((slot, i) => Number(slot - slots[i]) - 1);
  const latencies = finalized.map((call) => call.latencyMs).sort((a, b) => a - b);

  return {
    calls,
    finalized: finalized.length,
    lost: sent.filter((call) => !call.block || call.failed),
    duplicated: [...wanted].filter(([, count]) => count > 1).map(([hash]) => hash),
    missingFromChain: [...wanted].filter(([, count]) => count === 0).map(([hash]) => hash),
    blocks: endBlock - startBlock,
    seconds,
    callsPerSecond: finalized.length / seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
    },
    mostSlotsMissedInARow: Math.max(0, ...missedInARow),
    rssMiB: pids.map((pid, index) => ({ start: rssStart[index], end: rssMiB(pid) })),
  };
}

/** The report as the lines a person reads. */
export function describeLoad(report) {
  const mib = (value) => value.toFixed(0);
  return [
    `${report.finalized}/${report.calls} calls finalized in ${report.seconds.toFixed(1)} s over ${report.blocks} blocks: ${report.callsPerSecond.toFixed(1)} calls/s`,
    `latency submit -> finalized: p50 ${report.latencyMs.p50} ms, p90 ${report.latencyMs.p90} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
    `lost ${report.lost.length}, duplicated ${report.duplicated.length}, missing from the chain ${report.missingFromChain.length}; most slots missed in a row: ${report.mostSlotsMissedInARow}`,
    `node RSS (MiB) start -> end: ${report.rssMiB.map(({ start, end }) => `${mib(start)} -> ${mib(end)}`).join(', ')}`,
  ];
}
