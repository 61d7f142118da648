// Unmodified cw20-base on the dev node: the genesis DEV token, instantiate
// with a JSON message, transfer to Bob's SS58 address, read balances with smart queries;
// the state each step adds held as a deposit, and refunded when removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { u8aToHex, u8aToString } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';

import { cw20Transfer, json, smartQuery } from '../lib/contracts.js';
import { useDevNode } from '../lib/node.js';
import {
  dryRunThenSubmit, eventsOf, feePaid, heldFor, submit,
} from '../lib/chain.js';

const chain = useDevNode();

/** The dev node's existential deposit: a contract's account is created with it. */
const ED = 1_000_000_000n;

const freeBalance = async (address) => (await chain.api.query.system.account(address)).data.free.toBigInt();

/** The attributes of a `WasmEvent` as `[key, value]` text pairs. */
const attributes = (event) => event.attributes.map(([key, value]) => [
  u8aToString(Buffer.from(key.slice(2), 'hex')),
  u8aToString(Buffer.from(value.slice(2), 'hex')),
]);

let codeHash;
let token;

test('the storage deposit prices and errors are in the metadata', () => {
  const { consts, errors } = chain.api;
  assert.equal(consts.wasmContracts.depositPerByte.toBigInt(), 10_000_000n);
  assert.equal(consts.wasmContracts.depositPerItem.toBigInt(), ED);
  assert.ok(errors.wasmContracts.StorageDepositLimitExhausted);
  assert.ok(errors.wasmContracts.StorageDepositNotEnoughFunds);
});

/** The dev chain's genesis token, at its documented address (docs/integration.md). */
const DEV_TOKEN = '5Hf1CXn8eqVkzjcrvr58xA2TkXXDGaz3bbYuiHrniigWF6Wp';

test('the dev chain starts with cw20-base stored and the DEV token at its documented address', async () => {
  const code = readFileSync(process.env.CW20_WASM);
  codeHash = blake2AsHex(code, 256);
  const info = await chain.api.query.wasmContracts.contractInfoOf(decodeAddress(DEV_TOKEN));
  assert.equal(info.unwrap().codeHash.toHex(), codeHash);
  assert.equal(info.unwrap().label.toUtf8(), 'dev token');
  assert.deepEqual(await smartQuery(chain.api, DEV_TOKEN, { token_info: {} }), {
    name: 'Dev Token', symbol: 'DEV', decimals: 6, total_supply: '2000000000000',
  });
  for (const who of [chain.alice, chain.bob]) {
    assert.deepEqual(await smartQuery(chain.api, DEV_TOKEN, { balance: { address: who.address } }), { balance: '1000000000000' });
  }
  assert.deepEqual(await smartQuery(chain.api, DEV_TOKEN, { minter: {} }), { minter: chain.alice.address, cap: null });
  // Its deposits are held on it and on Alice, its code's owner; uploading
  // the same code again adds nothing and costs nothing.
  assert.ok(await heldFor(chain.api, DEV_TOKEN, 'StorageDepositReserve') > 0n);
  assert.equal((await chain.api.query.wasmContracts.codeInfoOf(codeHash)).unwrap().owner.toString(), chain.alice.address);
  const dryUpload = await chain.api.call.wasmContractsApi.uploadCode(chain.alice.address, u8aToHex(code), null);
  assert.equal(dryUpload.asOk.deposit.toBigInt(), 0n);
  // The token works from the first block: Bob pays Alice.
  const transfer = cw20Transfer(chain.alice, 25);
  const { events } = await dryRunThenSubmit(
    chain.api,
    chain.bob,
    () => chain.api.call.wasmContractsApi.call(chain.bob.address, DEV_TOKEN, 0, null, null, transfer),
    (gas, deposit) => chain.api.tx.wasmContracts.call(DEV_TOKEN, transfer, 0, gas, deposit),
  );
  assert.equal(eventsOf(events, 'wasmContracts', 'Called').length, 1);
  assert.deepEqual(await smartQuery(chain.api, DEV_TOKEN, { balance: { address: chain.alice.address } }), { balance: '1000000000025' });
});

test('cw20-base instantiates from a JSON message, from its genesis code', async () => {
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
      chain.alice.address, { Existing: codeHash }, 0, null, null, msg, '0x', chain.alice.address, 'example token',
    ),
    (gas, deposit) => chain.api.tx.wasmContracts.instantiate(codeHash, msg, 0, gas, deposit, '0x', chain.alice.address, 'example token'),
  );
  assert.ok(dryRun.result.isOk, `dry run failed: ${u8aToString(dryRun.returnData.toU8a(true))}`);
  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  assert.equal(deployed.codeHash, codeHash);
  token = deployed.contract;
  // Alice paid the contract's account its existential deposit, and the
  // deposit of its info and storage, held on it.
  const charged = dryRun.storageDeposit.asCharge.toBigInt();
  assert.equal(await freeBalance(token), ED);
  assert.equal(await heldFor(chain.api, token, 'StorageDepositReserve'), charged - ED);

  assert.deepEqual(await smartQuery(chain.api, token, { token_info: {} }), {
    name: 'Example Token', symbol: 'EXT', decimals: 6, total_supply: '1000000',
  });
  assert.deepEqual(await smartQuery(chain.api, token, { balance: { address: chain.alice.address } }), { balance: '1000000' });
});

test('a transfer to Bob\'s SS58 address emits wasm events and moves the balance', async () => {
  const msg = json({ transfer: { recipient: chain.bob.address, amount: '250' } });
  const { events } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.call(chain.alice.address, token, 0, null, null, msg),
    (gas, deposit) => chain.api.tx.wasmContracts.call(token, msg, 0, gas, deposit),
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

  assert.deepEqual(await smartQuery(chain.api, token, { balance: { address: chain.bob.address } }), { balance: '250' });
  assert.deepEqual(await smartQuery(chain.api, token, { balance: { address: chain.alice.address } }), { balance: '999750' });
});

test('an over-balance transfer fails with the contract\'s message and moves nothing', async () => {
  const msg = json({ transfer: { recipient: chain.alice.address, amount: '251' } });
  const { dryRun, error } = await dryRunThenSubmit(
    chain.api,
    chain.bob,
    () => chain.api.call.wasmContractsApi.call(chain.bob.address, token, 0, null, null, msg),
    (gas, deposit) => chain.api.tx.wasmContracts.call(token, msg, 0, gas, deposit),
  );
  assert.match(u8aToString(dryRun.returnData.toU8a(true)), /Overflow/);
  assert.equal(error, 'wasmContracts.ContractFailed');
  assert.deepEqual(await smartQuery(chain.api, token, { balance: { address: chain.bob.address } }), { balance: '250' });
});

test('an allowance\'s state is paid for by Alice and refunded to her when it is removed', async () => {
  const allowance = (method) => json({ [method]: { spender: chain.bob.address, amount: '100' } });
  const change = (method) => dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.call(chain.alice.address, token, 0, null, null, allowance(method)),
    (gas, deposit) => chain.api.tx.wasmContracts.call(token, allowance(method), 0, gas, deposit),
  );
  const heldBefore = await heldFor(chain.api, token, 'StorageDepositReserve');

  // One unit short of the dry run's deposit, the transaction fails and holds nothing.
  const dryRun = await chain.api.call.wasmContractsApi.call(
    chain.alice.address, token, 0, null, null, allowance('increase_allowance'),
  );
  const short = await submit(
    chain.api,
    chain.api.tx.wasmContracts.call(
      token, allowance('increase_allowance'), 0, dryRun.gasRequired, dryRun.storageDeposit.asCharge.toBigInt() - 1n,
    ),
    chain.alice,
  );
  assert.equal(short.error, 'wasmContracts.StorageDepositLimitExhausted');
  assert.equal(await heldFor(chain.api, token, 'StorageDepositReserve'), heldBefore);

  const aliceBefore = await freeBalance(chain.alice.address);
  const approved = await change('increase_allowance');
  const deposit = approved.dryRun.storageDeposit.asCharge.toBigInt();
  assert.ok(deposit > 0n);
  assert.equal(await heldFor(chain.api, token, 'StorageDepositReserve'), heldBefore + deposit);
  assert.equal(await freeBalance(chain.alice.address), aliceBefore - feePaid(approved.events) - deposit);

  // Back to zero: cw20-base removes the allowance, and its deposit returns to Alice.
  const aliceApproved = await freeBalance(chain.alice.address);
  const revoked = await change('decrease_allowance');
  assert.equal(revoked.dryRun.storageDeposit.asRefund.toBigInt(), deposit);
  assert.equal(await heldFor(chain.api, token, 'StorageDepositReserve'), heldBefore);
  assert.equal(await freeBalance(chain.alice.address), aliceApproved - feePaid(revoked.events) + deposit);
});
