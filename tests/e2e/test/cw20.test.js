// Unmodified cw20-base on the dev node: upload, instantiate with a JSON
// message, transfer to Bob's SS58 address, read balances with smart queries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { u8aToHex, u8aToString } from '@polkadot/util';

import { useDevNode } from '../lib/node.js';
import { dryRunThenSubmit, eventsOf, submit } from '../lib/chain.js';

// polkadot.js reads a Uint8Array as SCALE-encoded bytes: raw bytes go as hex.
const json = (value) => u8aToHex(new TextEncoder().encode(JSON.stringify(value)));

const chain = useDevNode();

async function smartQuery(contract, msg) {
  const outcome = await chain.api.call.wasmContractsApi.query(contract, null, json(msg));
  const text = u8aToString(outcome.returnData.toU8a(true));
  assert.ok(outcome.result.isOk, `query failed: ${text}`);
  return JSON.parse(text);
}

/** The attributes of a `WasmEvent` as `[key, value]` text pairs. */
const attributes = (event) => event.attributes.map(([key, value]) => [
  u8aToString(Buffer.from(key.slice(2), 'hex')),
  u8aToString(Buffer.from(value.slice(2), 'hex')),
]);

let codeHash;
let token;

test('cw20-base uploads and instantiates from a JSON message', async () => {
  const code = u8aToHex(readFileSync(process.env.CW20_WASM));
  const uploaded = await submit(chain.api, chain.api.tx.wasmContracts.uploadCode(code), chain.alice);
  assert.equal(uploaded.error, null);
  const [stored] = eventsOf(uploaded.events, 'wasmContracts', 'CodeStored');
  assert.equal(stored.owner, chain.alice.address);
  codeHash = stored.codeHash;

  const msg = json({
    name: 'Example Token',
    symbol: 'EXT',
    decimals: 6,
    initial_balances: [{ address: chain.alice.address, amount: '1000000' }],
    mint: { minter: chain.alice.address },
  });
  const { dryRun, events } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.instantiate(
      chain.alice.address, { Existing: codeHash }, 0, null, msg, '0x', chain.alice.address, 'example token',
    ),
    (gas) => chain.api.tx.wasmContracts.instantiate(codeHash, msg, 0, gas, '0x', chain.alice.address, 'example token'),
  );
  assert.ok(dryRun.result.isOk, `dry run failed: ${u8aToString(dryRun.returnData.toU8a(true))}`);
  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  assert.equal(deployed.codeHash, codeHash);
  token = deployed.contract;

  assert.deepEqual(await smartQuery(token, { token_info: {} }), {
    name: 'Example Token', symbol: 'EXT', decimals: 6, total_supply: '1000000',
  });
  assert.deepEqual(await smartQuery(token, { balance: { address: chain.alice.address } }), { balance: '1000000' });
});

test('a transfer to Bob\'s SS58 address emits wasm events and moves the balance', async () => {
  const msg = json({ transfer: { recipient: chain.bob.address, amount: '250' } });
  const { events } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.call(chain.alice.address, token, 0, null, msg),
    (gas) => chain.api.tx.wasmContracts.call(token, msg, 0, gas),
  );
  const wasm = eventsOf(events, 'wasmContracts', 'WasmEvent');
  assert.equal(wasm.length, 1);
  assert.equal(wasm[0].contract, token);
  assert.deepEqual(attributes(wasm[0]), [
    ['_contract_address', token],
    ['action', 'transfer'],
    ['from', chain.alice.address],
    ['to', chain.bob.address],
    ['amount', '250'],
  ]);

  assert.deepEqual(await smartQuery(token, { balance: { address: chain.bob.address } }), { balance: '250' });
  assert.deepEqual(await smartQuery(token, { balance: { address: chain.alice.address } }), { balance: '999750' });
});

test('an over-balance transfer fails with the contract\'s message and moves nothing', async () => {
  const msg = json({ transfer: { recipient: chain.alice.address, amount: '251' } });
  const { dryRun, error } = await dryRunThenSubmit(
    chain.api,
    chain.bob,
    () => chain.api.call.wasmContractsApi.call(chain.bob.address, token, 0, null, msg),
    (gas) => chain.api.tx.wasmContracts.call(token, msg, 0, gas),
  );
  assert.match(u8aToString(dryRun.returnData.toU8a(true)), /Overflow/);
  assert.equal(error, 'wasmContracts.ContractFailed');
  assert.deepEqual(await smartQuery(token, { balance: { address: chain.bob.address } }), { balance: '250' });
});
