// The terminal client (`runtime-vm upload|instantiate|call|query|storage`)
// against the dev node: every subcommand on the native token fixture and on
// cw20-base, its JSON output parsed and checked against what polkadot.js
// reads from the chain, and the errors a user makes: one line, non-zero exit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { u8aToHex } from '@polkadot/util';

import { useDevNode } from '../lib/node.js';
import { u128le } from '../lib/chain.js';
import {
  cw20Balance, tokenBalance, tokenBalanceKey, tokenTransfer,
} from '../lib/contracts.js';

const run = promisify(execFile);
const chain = useDevNode();

/** Runs the client against the dev node as `suri`; resolves with its parsed JSON output. */
async function client(args, suri = '//Alice') {
  const { stdout } = await run(
    process.env.RUNTIME_VM_BIN,
    [...args, '--url', chain.url, '--suri', suri, '--output', 'json'],
  );
  return JSON.parse(stdout);
}

/** Runs the client expecting it to fail; resolves with its standard error. */
async function failing(args, url = chain.url) {
  const error = await run(process.env.RUNTIME_VM_BIN, [...args, '--url', url, '--output', 'json'])
    .then(() => null, (e) => e);
  assert.ok(error, `runtime-vm ${args.join(' ')} succeeded`);
  assert.notEqual(error.code, 0);
  const lines = error.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${error.stderr}`);
  assert.doesNotMatch(error.stderr, /panicked|RUST_BACKTRACE/);
  return lines[0];
}

const hex = (text) => u8aToHex(new TextEncoder().encode(text));

/** The dev chain's well-known phrase: with `//Alice`, `//Bob` it gives the dev accounts. */
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

let tokenHash;
let token;
let cw20;

test('upload checks the file, stores it, and prints its hash and code id', async () => {
  const report = await client(['upload', process.env.TOKEN_WASM]);
  assert.match(report.code_hash, /^0x[0-9a-f]{64}$/);
  assert.equal(typeof report.code_id, 'number');
  assert.ok(report.code_id >= 1);
  assert.ok(BigInt(report.storage_deposit) > 0n);
  const stored = report.events.find((e) => e.event === 'CodeStored');
  assert.equal(stored.fields.code_hash, report.code_hash);
  const info = await chain.api.query.wasmContracts.codeInfoOf(report.code_hash);
  assert.equal(info.unwrap().codeId.toNumber(), report.code_id);
  tokenHash = report.code_hash;
});

test('instantiate dry-runs, then deploys uploaded code with the gas and deposit found', async () => {
  const dry = await client(['instantiate', tokenHash, '--input', u8aToHex(u128le(1_000n)), '--dry-run']);
  assert.ok(dry.gas_required.ref_time > 0);
  assert.equal(dry.events, undefined, 'a dry run submits nothing');

  const report = await client(['instantiate', tokenHash, '--input', u8aToHex(u128le(1_000n))]);
  const deployed = report.events.find((e) => e.event === 'Deployed');
  assert.equal(deployed.fields.code_hash, tokenHash);
  token = report.contract;
  assert.equal(await tokenBalance(chain.api, token, chain.alice), 1_000n);
});

test('call transfers tokens, prints events and gas; storage reads the balance back', async () => {
  const report = await client(['call', token, '--input', tokenTransfer(chain.bob, 250n)]);
  assert.ok(report.gas_required.ref_time > 0);
  // Metering is exact: a successful run needs what it used.
  assert.deepEqual(report.gas_used, report.gas_required);
  assert.ok(report.events.some((e) => e.event === 'ContractEmitted'));
  assert.equal(await tokenBalance(chain.api, token, chain.bob), 250n);

  const stored = await client(['storage', token, tokenBalanceKey(chain.bob)]);
  assert.equal(stored.value, u8aToHex(u128le(250n)));
});

test('cw20-base: instantiate from the wasm file, call with a JSON message, query', async () => {
  const msg = JSON.stringify({
    name: 'Example Token',
    symbol: 'EXT',
    decimals: 6,
    initial_balances: [{ address: chain.alice.address, amount: '5000' }],
    mint: { minter: chain.alice.address },
  });
  const deployed = await client([
    'instantiate', process.env.CW20_WASM, '--msg', msg, '--label', 'cw20', '--admin', chain.alice.address,
  ]);
  cw20 = deployed.contract;

  const transfer = { transfer: { recipient: chain.bob.address, amount: '40' } };
  const report = await client(['call', cw20, '--msg', JSON.stringify(transfer)]);
  const wasm = report.events.find((e) => e.event === 'WasmEvent' && e.fields.ty === 'wasm');
  assert.deepEqual(wasm.fields.attributes.find(([key]) => key === 'action'), ['action', 'transfer']);
  assert.equal(await cw20Balance(chain.api, cw20, chain.bob), 40n);

  const query = await client(['query', cw20, '--msg', JSON.stringify({ balance: { address: chain.bob.address } })]);
  assert.deepEqual(query.return_data, { balance: '40' });
});

test('a failing call is the pallet error by name with the contract message, and submits nothing', async () => {
  const before = await cw20Balance(chain.api, cw20, chain.bob);
  const transfer = { transfer: { recipient: chain.alice.address, amount: '1000000' } };
  const line = await failing(['call', cw20, '--msg', JSON.stringify(transfer), '--suri', '//Bob']);
  assert.equal(line, 'error: WasmContracts::ContractFailed: Overflow: Cannot Sub with given operands');
  assert.equal(await cw20Balance(chain.api, cw20, chain.bob), before);
});

test('user errors: one line, non-zero exit, no state change', async () => {
  assert.match(await failing(['query', cw20, '--msg', '{"balance":'], chain.url), /--msg is not JSON/);
  assert.match(await failing(['query', cw20, '--msg', '{}'], 'ws://127.0.0.1:1'), /cannot connect to ws:\/\/127.0.0.1:1/);
  assert.equal(
    await failing(['call', chain.bob.address, '--input', '0x00']),
    'error: WasmContracts::ContractNotFound',
  );
  assert.match(await failing(['storage', 'not-an-address', hex('k')]), /not an SS58 address/);
  // An account with nothing cannot hold the code's deposit.
  assert.equal(
    await failing(['upload', process.env.CW1_WHITELIST_WASM, '--suri', '//NobodyHasFunds']),
    'error: WasmContracts::StorageDepositNotEnoughFunds',
  );
  // A contract that never returns: the dry run stops at a block's gas.
  const looping = await client(['instantiate', process.env.INFINITE_LOOP_WASM, '--input', '0x']);
  assert.match(await failing(['call', looping.contract, '--input', '0x']), /WasmContracts::OutOfGas/);
});

test('--suri takes a mnemonic with a derivation path, and never repeats a secret', async () => {
  const bobByPhrase = `${DEV_PHRASE}//Bob`;
  const report = await client(['instantiate', tokenHash, '--input', u8aToHex(u128le(7n)), '--salt', '0x02'], bobByPhrase);
  const deployed = report.events.find((e) => e.event === 'Deployed');
  assert.equal(deployed.fields.deployer, u8aToHex(chain.bob.publicKey));
  assert.equal(await tokenBalance(chain.api, report.contract, chain.bob), 7n);

  const secret = 'not a valid phrase at all';
  const line = await failing(['upload', process.env.TOKEN_WASM, '--suri', `${secret}///`]);
  assert.match(line, /^error: --suri/);
  assert.ok(!line.includes(secret), line);
});

test('text output names every field, CosmWasm attributes as text', async () => {
  const { stdout } = await run(process.env.RUNTIME_VM_BIN, [
    'query', cw20, '--msg', JSON.stringify({ token_info: {} }), '--url', chain.url,
  ]);
  assert.match(stdout, /^return_data: .*"symbol":"EXT"/m);
  assert.match(stdout, /^gas_required: /m);

  const transfer = { transfer: { recipient: chain.bob.address, amount: '2' } };
  const call = await run(process.env.RUNTIME_VM_BIN, [
    'call', cw20, '--msg', JSON.stringify(transfer), '--url', chain.url,
  ]);
  assert.match(call.stdout, new RegExp(`^  wasm: _contract_address=${cw20} action=transfer from=${chain.alice.address} to=${chain.bob.address} amount=2$`, 'm'));
});

test('only submitted transactions reach the chain: dry runs and refusals add none', async () => {
  // As Alice: upload, instantiate, call, cw20 deploy, cw20 call, the
  // looping contract's deploy, the text-output transfer.
  const nonce = await chain.api.rpc.system.accountNextIndex(chain.alice.address);
  assert.equal(nonce.toNumber(), 7);
});
