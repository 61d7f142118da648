// Transactions and their outcome: events, and a failed dispatch's error by name.

import assert from 'node:assert/strict';

/**
 * Signs and submits `tx`, resolves once its block is finalized (instant seal
 * finalizes every block at once) with the transaction's events and, if the
 * dispatch failed, its error as `Section.Name`.
 */
export function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsubscribe();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (!status.isFinalized) return;
      unsubscribe();
      resolve({
        blockHash: status.asFinalized,
        events: events.map(({ event }) => event),
        error: dispatchError ? errorName(api, dispatchError) : null,
      });
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch(reject);
  });
}

/**
 * The contracts-ui flow: a dry run (`dryRun()`, a `wasmContractsApi` call),
 * then the transaction (`txWith(gasRequired, storageDepositLimit)`) signed
 * by `signer` with the dry run's `gasRequired` and its storage deposit as
 * the limit, not a unit more of either. Asserts the chain agrees with the dry
 * run: what succeeded there succeeds, what failed fails with the same error
 * (the dry run's figures must suffice for the same call in the next block).
 * Resolves with the dry run and the transaction's outcome.
 */
export async function dryRunThenSubmit(api, signer, dryRun, txWith) {
  const predicted = await dryRun();
  const outcome = await submit(api, txWith(predicted.gasRequired, depositLimit(predicted)), signer);
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
