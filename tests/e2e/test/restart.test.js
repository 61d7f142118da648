// A dev node restarted on its base path serves its first contract call from
// the compiled artifact it kept on disk: it warms its module cache at start
// and compiles nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex } from '@polkadot/util';

import { startNode } from '../lib/node.js';
import { dryRunThenSubmit, eventsOf, fromU128le, u128le } from '../lib/chain.js';

const SUPPLY = 1_000_000n;
const COMPILED = /Compiled contract code/;
const WARMED = /Warmed the module cache with (\d+) compiled contracts/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a line of `log` matches `pattern`; returns the match. */
async function logged(log, pattern) {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const line = log.find((l) => pattern.test(l));
    if (line) return line.match(pattern);
    await sleep(100);
  }
  throw new Error(`no log line matches ${pattern}:\n${log.join('\n')}`);
}

async function transfer(api, alice, bob, contract, amount) {
  const input = u8aToHex(u8aConcat([1], bob.publicKey, u128le(amount)));
  const { events, error } = await dryRunThenSubmit(
    api,
    alice,
    () => api.call.wasmContractsApi.call(alice.address, contract, 0, null, null, input),
    (gas, deposit) => api.tx.wasmContracts.call(contract, input, 0, gas, deposit),
  );
  assert.equal(error, null);
  const [called] = eventsOf(events, 'wasmContracts', 'Called');
  assert.equal(called.success, true);
}

async function balanceOf(api, who, contract) {
  const input = u8aToHex(u8aConcat([2], who.publicKey));
  const outcome = await api.call.wasmContractsApi.call(who.address, contract, 0, null, null, input);
  assert.ok(outcome.result.isOk, `balance_of failed: ${outcome.result.toString()}`);
  return fromU128le(outcome.returnData.toU8a(true));
}

test('a restarted node calls a contract without compiling it', async () => {
  const basePath = mkdtempSync(join(tmpdir(), 'node-example-restart-'));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob] = [keyring.addFromUri('//Alice'), keyring.addFromUri('//Bob')];
  let node;
  try {
    node = await startNode({ basePath });
    const code = u8aToHex(readFileSync(process.env.TOKEN_WASM));
    const input = u8aToHex(u128le(SUPPLY));
    const { events, error } = await dryRunThenSubmit(
      node.api,
      alice,
      () => node.api.call.wasmContractsApi.instantiate(alice.address, { Upload: code }, 0, null, null, input, '0x', null, ''),
      (gas, deposit) => node.api.tx.wasmContracts.deploy(code, input, 0, gas, deposit, '0x', null, ''),
    );
    assert.equal(error, null);
    const [deployed] = eventsOf(events, 'wasmContracts', 'Deployed');
    const contract = deployed.contract;
    await transfer(node.api, alice, bob, contract, 5n);
    assert.ok(node.contractLog.some((line) => COMPILED.test(line)), `the first node logged no compile:\n${node.contractLog.join('\n')}`);
    await node.stop();

    node = await startNode({ basePath });
    const [, warmed] = await logged(node.contractLog, WARMED);
    assert.ok(Number(warmed) >= 1, `warmed ${warmed} contracts`);
    await transfer(node.api, alice, bob, contract, 7n);
    assert.equal(await balanceOf(node.api, bob, contract), 12n);
    const compiled = node.contractLog.filter((line) => COMPILED.test(line));
    assert.deepEqual(compiled, [], 'the restarted node compiled');
  } finally {
    if (node) await node.stop();
    rmSync(basePath, { recursive: true, force: true });
  }
});
