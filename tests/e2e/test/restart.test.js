// A dev node restarted on its base path serves its first contract call from
// the compiled artifact it kept on disk: it warms its module cache at start
// and compiles nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Keyring } from '@polkadot/keyring';

import { startNode } from '../lib/node.js';
import { dryRunThenSubmit, eventsOf } from '../lib/chain.js';
import { deployToken, tokenBalance, tokenTransfer } from '../lib/contracts.js';

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
  const input = tokenTransfer(bob, amount);
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

test('a restarted node calls a contract without compiling it', async () => {
  const basePath = mkdtempSync(join(tmpdir(), 'node-example-restart-'));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob] = [keyring.addFromUri('//Alice'), keyring.addFromUri('//Bob')];
  let node;
  try {
    node = await startNode({ basePath });
    const contract = await deployToken(node.api, alice, SUPPLY, '0x');
    await transfer(node.api, alice, bob, contract, 5n);
    assert.ok(node.contractLog.some((line) => COMPILED.test(line)), `the first node logged no compile:\n${node.contractLog.join('\n')}`);
    await node.stop();

    node = await startNode({ basePath });
    const [, warmed] = await logged(node.contractLog, WARMED);
    assert.ok(Number(warmed) >= 1, `warmed ${warmed} contracts`);
    await transfer(node.api, alice, bob, contract, 7n);
    assert.equal(await tokenBalance(node.api, contract, bob), 12n);
    const compiled = node.contractLog.filter((line) => COMPILED.test(line));
    assert.deepEqual(compiled, [], 'the restarted node compiled');
  } finally {
    if (node) await node.stop();
    rmSync(basePath, { recursive: true, force: true });
  }
});
