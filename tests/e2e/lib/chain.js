// Transactions and their outcome: events, and a failed dispatch's error by name.

import assert from 'node:assert/strict';

/**
 * Signs and submits `tx`, resolves once its block is finalized (instant seal
 * finalizes every block at once; `until: 'inBlock'` resolves when a block
 * includes it) with the block's hash, the transaction's events and, if the
 * dispatch failed, its error as `Section.Name`. `nonce` overrides the one
 * the node would look up (see `Nonces`).
 */
export function submit(api, tx, signer, { nonce = -1, until = 'finalized' } = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    bornFinalized(api).then((era) => tx.signAndSend(signer, { nonce, ...era }, ({ status, events, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsubscribe();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      const done = until === 'inBlock' ? status.isInBlock : status.isFinalized;
      if (!done) return;
      unsubscribe();
      resolve({
        blockHash: until === 'inBlock' ? status.asInBlock : status.asFinalized,
        events: events.map(({ event }) => event),
        error: dispatchError ? errorName(api, dispatchError) : null,
      });
    }))
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch(reject);
  });
}

/** Blocks a transaction stays valid for after its birth block. */
const MORTAL_PERIOD = 256;

/**
 * Signing options for a mortal transaction born at the node's finalized
 * block, which every view of its transaction pool knows. (polkadot.js takes
 * the best block's parent once finality lags 16 blocks behind, as it does
 * while two of four validators are down, and a pool still validating on the
 * block before refuses that as an "ancient birth block".)
 */
export async function bornFinalized(api) {
  const blockHash = await api.rpc.chain.getFinalizedHead();
  const { number } = await api.rpc.chain.getHeader(blockHash);
  return { blockHash, era: api.createType('ExtrinsicEra', { current: number, period: MORTAL_PERIOD }) };
}

/**
 * Each signer's next nonce, counted here from the chain's first answer: a
 * signer's transactions may go to different nodes, none of which has seen
 * all the others yet.
 */
export class Nonces {
  constructor(api) {
    this.api = api;
    this.next = new Map();
  }

  /** The nonce `signer`'s next transaction takes. */
  async take(signer) {
    if (!this.next.has(signer.address)) {
      const nonce = await this.api.rpc.system.accountNextIndex(signer.address);
      if (!this.next.has(signer.address)) this.next.set(signer.address, nonce.toNumber());
    }
    const nonce = this.next.get(signer.address);
    this.next.set(signer.address, nonce + 1);
    return nonce;
  }
}

/** `weight` (a dry run's `gasRequired`) scaled by `1 + margin` in both dimensions. */
export function withMargin(weight, margin) {
  const scale = (value) => (value.toBigInt() * BigInt(Math.round((1 + margin) * 1000))) / 1000n;
  return { refTime: scale(weight.refTime), proofSize: scale(weight.proofSize) };
}

/**
 * The contracts-ui flow: a dry run (`dryRun()`, a `wasmContractsApi` call),
 * then the transaction (`txWith(gasRequired, storageDepositLimit)`) signed
 * by `signer` with the dry run's `gasRequired` and its storage deposit as
 * the limit, not a unit more of either. Asserts the chain agrees with the dry
 * run: what succeeded there succeeds, what failed fails with the same error
 * (the dry run's figures must suffice for the same call in the next block).
 * Resolves with the dry run and the transaction's outcome. `options` go to
 * `submit`; with `gasMargin` the gas is the dry run's times `1 + gasMargin`,
 * for a transaction that may land some blocks after the dry run's (Aura).
 */
export async function dryRunThenSubmit(api, signer, dryRun, txWith, { gasMargin = 0, ...options } = {}) {
  const predicted = await dryRun();
  const gas = gasMargin ? withMargin(predicted.gasRequired, gasMargin) : predicted.gasRequired;
  const outcome = await submit(api, txWith(gas, depositLimit(predicted)), signer, options);
  const expected = predicted.result.isOk ? null : errorName(api, predicted.result.asErr);
  assert.equal(
    outcome.error,
    expected,
    `the dry run predicted ${expected ?? 'success'} with gasRequired ${predicted.gasRequired}`,
  );
  return { dryRun: predicted, ...outcome };
}

/** The storage deposit limit a dry run's outcome calls for: its charge, or 0 for a refund. */
export function depositLimit(outcome) {
  return outcome.storageDeposit.isCharge ? outcome.storageDeposit.asCharge : 0;
}

/** What `address` holds for the contracts pallet's hold `reason`, as a BigInt. */
export async function heldFor(api, address, reason) {
  const holds = await api.query.balances.holds(address);
  return holds
    .filter((hold) => hold.id.isWasmContracts && hold.id.asWasmContracts.type === reason)
    .reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
}

/** The fee the transaction with `events` paid, as a BigInt. */
export function feePaid(events) {
  const [paid] = eventsOf(events, 'transactionPayment', 'TransactionFeePaid');
  return BigInt(paid.actualFee) + BigInt(paid.tip);
}

/** A `DispatchError` as `Section.Name` (a module error) or its kind. */
export function errorName(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.type;
}

/** The events of `section.method` among `events`, each as `{ field: JSON value }`. */
export function eventsOf(events, section, method) {
  return events
    .filter((event) => event.section === section && event.method === method)
    .map((event) => Object.fromEntries(
      event.data.names.map((name, index) => [name, event.data[index].toJSON()]),
    ));
}

/** A u128 as 16 little-endian bytes. */
export function u128le(value) {
  const bytes = new Uint8Array(16);
  let rest = BigInt(value);
  for (let i = 0; i < 16; i += 1) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/** 16 little-endian bytes as a BigInt. */
export function fromU128le(bytes) {
  return [...bytes].reverse().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}
