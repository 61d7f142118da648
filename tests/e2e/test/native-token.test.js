// The native-ABI token fixture on the dev node: dry run, deploy, transfer,
// events, runtime API reads, and a failing call's error by name.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex } from '@polkadot/util';

import { startNode } from '../lib/node.js';
import { eventsOf, fromU128le, submit, u128le } from '../lib/chain.js';

const SUPPLY = 1_000_000n;
const SENT = 1_234n;
const TRANSFER_TOPIC = u8aToHex(u8aConcat(new TextEncoder().encode('Transfer'), new Uint8Array(24)));

let node;
let api;
let alice;
let bob;

before(async () => {
  node = await startNode();
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

after(async () => {
  if (node) await node.stop();
});

const transferInput = (to, amount) => u8aConcat([1], to.publicKey, u128le(amount));
const balanceOfInput = (who) => u8aConcat([2], who.publicKey);

async function tokenBalance(contract, who) {
  const outcome = await api.call.wasmContractsApi.call(who.address, contract, 0, null, balanceOfInput(who));
  assert.ok(outcome.result.isOk, `balance_of failed: ${outcome.result.toString()}`);
  return fromU128le(outcome.returnData.toU8a(true));
}

let contract;

test('a dry run predicts the deploy, which then lands with its events', async () => {
  const code = readFileSync(process.env.TOKEN_WASM);
  const input = u128le(SUPPLY);
  const salt = '0x01';

  const dryRun = await api.call.wasmContractsApi.instantiate(
    alice.address, { Upload: code }, 0, null, input, salt, null, '',
  );
  assert.ok(dryRun.result.isOk, `dry run failed: ${dryRun.result.toString()}`);
  assert.ok(dryRun.status.unwrap().isSuccess);
  const gasRequired = dryRun.gasRequired;
  assert.ok(gasRequired.refTime.toBigInt() > 0n);

  const tx = api.tx.wasmContracts.deploy(code, input, 0, gasRequired, salt, null, '');
  const { events, error } = await submit(api, tx, alice);
  assert.equal(error, null);

  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  assert.ok(deployed, 'no Deployed event');
  assert.equal(deployed.deployer, alice.address);
  assert.equal(deployed.contract, dryRun.contract.toString());
  contract = deployed.contract;

  const [minted] = eventsOf(events, 'wasmContracts', 'ContractEmitted');
  assert.equal(minted.contract, contract);
  assert.equal(minted.topics[0], TRANSFER_TOPIC);
  assert.equal(fromU128le(Buffer.from(minted.data.slice(2), 'hex')), SUPPLY);

  assert.equal(await tokenBalance(contract, alice), SUPPLY);
});

test('call transfers to Bob: events, a balance query and raw storage agree', async () => {
  const input = transferInput(bob, SENT);
  const dryRun = await api.call.wasmContractsApi.call(alice.address, contract, 0, null, input);
  assert.ok(dryRun.result.isOk, `dry run failed: ${dryRun.result.toString()}`);

  const { events, error } = await submit(
    api, api.tx.wasmContracts.call(contract, input, 0, dryRun.gasRequired), alice,
  );
  assert.equal(error, null);

  const [called] = eventsOf(events, 'wasmContracts', 'Called');
  assert.deepEqual(called, { caller: alice.address, contract, success: true });
  const [transfer] = eventsOf(events, 'wasmContracts', 'ContractEmitted');
  assert.deepEqual(transfer.topics, [
    TRANSFER_TOPIC, u8aToHex(alice.publicKey), u8aToHex(bob.publicKey),
  ]);
  assert.equal(fromU128le(Buffer.from(transfer.data.slice(2), 'hex')), SENT);

  assert.equal(await tokenBalance(contract, bob), SENT);
  assert.equal(await tokenBalance(contract, alice), SUPPLY - SENT);

  // The token keeps a balance under `b` ++ account, as 16 little-endian bytes.
  const key = u8aConcat(new TextEncoder().encode('b'), bob.publicKey);
  const stored = await api.call.wasmContractsApi.getStorage(contract, key);
  assert.ok(stored.isOk);
  assert.equal(fromU128le(stored.asOk.unwrap().toU8a(true)), SENT);
});

test('a failing call reports its module error by name and changes nothing', async () => {
  const tooMuch = transferInput(alice, SENT + 1n);
  const dryRun = await api.call.wasmContractsApi.call(bob.address, contract, 0, null, tooMuch);
  assert.ok(dryRun.result.isErr);
  assert.ok(dryRun.status.unwrap().isRevert);
  assert.equal(new TextDecoder().decode(dryRun.returnData.toU8a(true)), 'insufficient balance');

  const gasLimit = { refTime: 10_000_000_000n, proofSize: 1_000_000n };
  const { error } = await submit(api, api.tx.wasmContracts.call(contract, tooMuch, 0, gasLimit), bob);
  assert.equal(error, 'wasmContracts.ContractReverted');
  assert.equal(await tokenBalance(contract, bob), SENT);

  const nowhere = api.tx.wasmContracts.call(alice.address, tooMuch, 0, gasLimit);
  const missing = await submit(api, nowhere, bob);
  assert.equal(missing.error, 'wasmContracts.ContractNotFound');
});
