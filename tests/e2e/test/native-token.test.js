// The native-ABI token fixture on the dev node: dry run, deploy, transfer,
// events, runtime API reads, and a failing call's error by name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { u8aConcat, u8aToHex } from '@polkadot/util';

import { useDevNode } from '../lib/node.js';
import { dryRunThenSubmit, eventsOf, fromU128le, u128le } from '../lib/chain.js';
import {
  rawStorage, tokenBalance, tokenBalanceKey, tokenTransfer,
} from '../lib/contracts.js';

const SUPPLY = 1_000_000n;
const SENT = 1_234n;
const TRANSFER_TOPIC = u8aToHex(u8aConcat(new TextEncoder().encode('Transfer'), new Uint8Array(24)));

const chain = useDevNode();

let contract;

test('a dry run predicts the deploy, which then lands with its events', async () => {
  const code = u8aToHex(readFileSync(process.env.TOKEN_WASM));
  const input = u8aToHex(u128le(SUPPLY));
  const salt = '0x01';

  const { dryRun, events } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.instantiate(
      chain.alice.address, { Upload: code }, 0, null, null, input, salt, null, '',
    ),
    (gas, deposit) => chain.api.tx.wasmContracts.deploy(code, input, 0, gas, deposit, salt, null, ''),
  );
  assert.ok(dryRun.status.unwrap().isSuccess);
  assert.ok(dryRun.gasRequired.refTime.toBigInt() > 0n);

  const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
  assert.ok(deployed, 'no Deployed event');
  assert.equal(deployed.deployer, chain.alice.address);
  assert.equal(deployed.contract, dryRun.contract.toString());
  contract = deployed.contract;

  const [minted] = eventsOf(events, 'wasmContracts', 'ContractEmitted');
  assert.equal(minted.contract, contract);
  assert.equal(minted.topics[0], TRANSFER_TOPIC);
  assert.equal(fromU128le(Buffer.from(minted.data.slice(2), 'hex')), SUPPLY);

  assert.equal(await tokenBalance(chain.api, contract, chain.alice), SUPPLY);
});

test('call transfers to Bob: events, a balance query and raw storage agree', async () => {
  const input = tokenTransfer(chain.bob, SENT);
  const { events } = await dryRunThenSubmit(
    chain.api,
    chain.alice,
    () => chain.api.call.wasmContractsApi.call(chain.alice.address, contract, 0, null, null, input),
    (gas, deposit) => chain.api.tx.wasmContracts.call(contract, input, 0, gas, deposit),
  );

  const [called] = eventsOf(events, 'wasmContracts', 'Called');
  assert.deepEqual(called, { caller: chain.alice.address, contract, success: true });
  const [transfer] = eventsOf(events, 'wasmContracts', 'ContractEmitted');
  assert.deepEqual(transfer.topics, [
    TRANSFER_TOPIC, u8aToHex(chain.alice.publicKey), u8aToHex(chain.bob.publicKey),
  ]);
  assert.equal(fromU128le(Buffer.from(transfer.data.slice(2), 'hex')), SENT);

  assert.equal(await tokenBalance(chain.api, contract, chain.bob), SENT);
  assert.equal(await tokenBalance(chain.api, contract, chain.alice), SUPPLY - SENT);

  // The token keeps a balance under `b` ++ account, as 16 little-endian bytes.
  const stored = await rawStorage(chain.api, contract, tokenBalanceKey(chain.bob));
  assert.equal(stored, u8aToHex(u128le(SENT)));
});

test('a failing call reports its module error by name and changes nothing', async () => {
  const tooMuch = tokenTransfer(chain.alice, SENT + 1n);
  const { dryRun, error } = await dryRunThenSubmit(
    chain.api,
    chain.bob,
    () => chain.api.call.wasmContractsApi.call(chain.bob.address, contract, 0, null, null, tooMuch),
    (gas, deposit) => chain.api.tx.wasmContracts.call(contract, tooMuch, 0, gas, deposit),
  );
  assert.ok(dryRun.status.unwrap().isRevert);
  assert.equal(new TextDecoder().decode(dryRun.returnData.toU8a(true)), 'insufficient balance');
  assert.equal(error, 'wasmContracts.ContractReverted');
  assert.equal(await tokenBalance(chain.api, contract, chain.bob), SENT);

  const missing = await dryRunThenSubmit(
    chain.api,
    chain.bob,
    () => chain.api.call.wasmContractsApi.call(chain.bob.address, chain.alice.address, 0, null, null, tooMuch),
    (gas, deposit) => chain.api.tx.wasmContracts.call(chain.alice.address, tooMuch, 0, gas, deposit),
  );
  assert.equal(missing.error, 'wasmContracts.ContractNotFound');
});
