// Unmodified cw1-whitelist on the dev node: a contract wallet that pays out
// with `BankMsg::Send`, every transaction submitted with exactly its dry
// run's `gasRequired`, and a refused sender failing on chain as it failed in
// its dry run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { u8aToHex, u8aToString } from '@polkadot/util';

import { json } from '../lib/contracts.js';
import { useDevNode } from '../lib/node.js';
import { dryRunThenSubmit, eventsOf } from '../lib/chain.js';

const UNIT = 1_000_000_000_000n;
/** The dev node's existential deposit: a contract's account is created with it. */
const ED = UNIT / 1_000n;
const DENOM = 'UNIT';

const chain = useDevNode();

const freeBalance = async (address) => (await chain.api.query.system.account(address)).data.free.toBigInt();

const payOut = (to, amount) => json({
  execute: { msgs: [{ bank: { send: { to_address: to, amount: [{ denom: DENOM, amount: amount.toString() }] } } }] },
});

let wallet;

test('cw1-whitelist deploys in the chain\'s first block with its genesis dry run\'s gas, holding the value sent', async () => {
  // The dry run runs on the genesis state, which has no block time yet (0);
  // block 1 has the clock's. Neither the time nor the height may cost the
  // contract more than its dry run said.
  assert.equal((await chain.api.rpc.chain.getHeader()).number.toNumber(), 0);
  const code = u8aToHex(readFileSync(process.env.CW1_WHITELIST_WASM));
  const msg = json({ admins: [chain.alice.address], mutable: false });
  const value = 10n * UNIT;
  const { events, blockHash } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.instantiate(
      chain.alice.address, { Upload: code }, value, null, null, msg, '0x', null, 'wallet',
    ),
    (gas, deposit) => chain.api.tx.wasmContracts.deploy(code, msg, value, gas, deposit, '0x', null, 'wallet'),
  );
  assert.equal((await chain.api.rpc.chain.getHeader(blockHash)).number.toNumber(), 1);
  [{ contract: wallet }] = eventsOf(events, 'wasmContracts', 'Deployed');
  assert.equal(await freeBalance(wallet), ED + value);
});

test('an admin pays out of the wallet with BankMsg::Send, with the dry run\'s gas exactly', async () => {
  const bobBefore = await freeBalance(chain.bob.address);
  const msg = payOut(chain.bob.address, 3n * UNIT);
  const { dryRun } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.call(chain.alice.address, wallet, 0, null, null, msg),
    (gas, deposit) => chain.api.tx.wasmContracts.call(wallet, msg, 0, gas, deposit),
  );
  assert.ok(dryRun.status.unwrap().isSuccess);
  assert.equal(await freeBalance(chain.bob.address), bobBefore + 3n * UNIT);
  assert.equal(await freeBalance(wallet), ED + 7n * UNIT);
});

test('a sender who is no admin fails on chain as its dry run said, and nothing moves', async () => {
  const msg = payOut(chain.bob.address, UNIT);
  const { dryRun, error } = await dryRunThenSubmit(
    chain.api,
    chain.bob,
    () => chain.api.call.wasmContractsApi.call(chain.bob.address, wallet, 0, null, null, msg),
    (gas, deposit) => chain.api.tx.wasmContracts.call(wallet, msg, 0, gas, deposit),
  );
  assert.match(u8aToString(dryRun.returnData.toU8a(true)), /Unauthorized/);
  assert.equal(error, 'wasmContracts.ContractFailed');
  assert.equal(await freeBalance(wallet), ED + 7n * UNIT);
});
