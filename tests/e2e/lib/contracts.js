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
 * Uploads and instantiates `code` (hex) with `input` in one `deploy`, after
 * its dry run; resolves with the new contract's address. `options` go to
 * `dryRunThenSubmit`.
 */
export async function deploy(api, signer, code, input, salt, label, options) {
  const { events, error } = await dryRunThenSubmit(
    api,
    signer,
    () => api.call.wasmContractsApi.instantiate(signer.address, { Upload: code }, 0, null, null, input, salt, null, label),
    (gas, deposit) => api.tx.wasmContracts.deploy(code, input, 0, gas, deposit, salt, null, label),
    options,
  );
  assert.equal(error, null);
  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  return deployed.contract;
}

/** Deploys the token fixture with `supply` minted to `signer`; resolves with its address. */
export function deployToken(api, signer, supply, salt, options = {}) {
  const code = u8aToHex(readFileSync(process.env.TOKEN_WASM));
  return deploy(api, signer, code, u8aToHex(u128le(supply)), salt, '', options);
}

/**
 * Deploys cw20-base with `initialBalances` (`[signer, amount]` pairs) and
 * `signer` as minter; resolves with its address.
 */
export function deployCw20(api, signer, initialBalances, salt, options = {}) {
  const code = u8aToHex(readFileSync(process.env.CW20_WASM));
  const msg = json({
    name: 'Example Token',
    symbol: 'EXT',
    decimals: 6,
    initial_balances: initialBalances.map(([who, amount]) => ({ address: who.address, amount: `${amount}` })),
    mint: { minter: signer.address },
  });
  return deploy(api, signer, code, msg, salt, 'cw20', options);
}
