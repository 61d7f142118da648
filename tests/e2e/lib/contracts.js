// The two contracts the suites drive: the native-ABI token fixture and
// cw20-base. Their messages, reads and deployments through polkadot.js.
// `api` may also be `await api.at(blockHash)`, to read at that block.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { u8aConcat, u8aToHex, u8aToString } from '@polkadot/util';

import { dryRunThenSubmit, eventsOf, fromU128le, u128le } from './chain.js';

// polkadot.js reads a Uint8Array as SCALE-encoded bytes: raw bytes go as hex.

/** A JSON message as the hex of its UTF-8 bytes. */
export const json = (value) => u8aToHex(new TextEncoder().encode(JSON.stringify(value)));

/** The token's `transfer(to, amount)` input. */
export const tokenTransfer = (to, amount) => u8aToHex(u8aConcat([1], to.publicKey, u128le(amount)));

/** The token's `balance_of(who)` input. */
export const tokenBalanceOf = (who) => u8aToHex(u8aConcat([2], who.publicKey));

/** The token's storage key of `who`'s balance: `b` ++ account (16 little-endian bytes stored). */
export const tokenBalanceKey = (who) => u8aToHex(u8aConcat(new TextEncoder().encode('b'), who.publicKey));

/** `who`'s token balance, read with a `balance_of` dry run. */
export async function tokenBalance(api, contract, who) {
  const outcome = await api.call.wasmContractsApi.call(who.address, contract, 0, null, null, tokenBalanceOf(who));
  assert.ok(outcome.result.isOk, `balance_of failed: ${outcome.result.toString()}`);
  return fromU128le(outcome.returnData.toU8a(true));
}

/** The value the contract stores under `key`, or null. */
export async function rawStorage(api, contract, key) {
  const stored = await api.call.wasmContractsApi.getStorage(contract, key);
  assert.ok(stored.isOk, `get_storage failed: ${stored.toString()}`);
  return stored.asOk.isSome ? u8aToHex(stored.asOk.unwrap().toU8a(true)) : null;
}

/** A CosmWasm smart query's JSON answer. */
export async function smartQuery(api, contract, msg) {
  const outcome = await api.call.wasmContractsApi.query(contract, null, json(msg));
  const text = u8aToString(outcome.returnData.toU8a(true));
  assert.ok(outcome.result.isOk, `query failed: ${text}`);
  return JSON.parse(text);
}

/** `who`'s cw20 balance, from a smart query. */
export async function cw20Balance(api, contract, who) {
  const { balance } = await smartQuery(api, contract, { balance: { address: who.address } });
  return BigInt(balance);
}

/** cw20-base's `transfer` message. */
export const cw20Transfer = (recipient, amount) => json({
  transfer: { recipient: recipient.address, amount: `${amount}` },
});

/**
 * Deploys the token fixture with `supply` minted to `signer` (dry run, then
 * `deploy`); resolves with its address. `options` go to `dryRunThenSubmit`.
 */
export async function deployToken(api, signer, supply, salt, options = {}) {
  const code = u8aToHex(readFileSync(process.env.TOKEN_WASM));
  const input = u8aToHex(u128le(supply));
  const { events, error } = await dryRunThenSubmit(
    api,
    signer,
    () => api.call.wasmContractsApi.instantiate(signer.address, { Upload: code }, 0, null, null, input, salt, null, ''),
    (gas, deposit) => api.tx.wasmContracts.deploy(code, input, 0, gas, deposit, salt, null, ''),
    options,
  );
  assert.equal(error, null);
  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  return deployed.contract;
}

/**
 * Deploys cw20-base (upload and instantiate in one `deploy`) with
 * `initialBalances` (`[signer, amount]` pairs) and `signer` as minter;
 * resolves with its address.
 */
export async function deployCw20(api, signer, initialBalances, salt, options = {}) {
  const code = u8aToHex(readFileSync(process.env.CW20_WASM));
  const msg = json({
    name: 'Example Token',
    symbol: 'EXT',
    decimals: 6,
    initial_balances: initialBalances.map(([who, amount]) => ({ address: who.address, amount: `${amount}` })),
    mint: { minter: signer.address },
  });
  const { events, error } = await dryRunThenSubmit(
    api,
    signer,
    () => api.call.wasmContractsApi.instantiate(signer.address, { Upload: code }, 0, null, null, msg, salt, null, 'cw20'),
    (gas, deposit) => api.tx.wasmContracts.deploy(code, msg, 0, gas, deposit, salt, null, 'cw20'),
    options,
  );
  assert.equal(error, null);
  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  return deployed.contract;
}
