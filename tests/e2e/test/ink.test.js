// ink! 5 contracts built by cargo-contract, driven on the dev node by
// `@polkadot/api-contract` unmodified, as ink! authors drive pallet-contracts:
// `CodePromise` and `ContractPromise` with each contract's metadata,
// queries through `ContractsApi` and transactions through the `Contracts`
// pallet (pallet-contracts' surface over `WasmContracts`, see
// `pallet/src/compat.rs`). erc20, then a factory instantiating flippers;
// last, `cargo contract instantiate` and `call` with `--url`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import { CodePromise, ContractPromise } from '@polkadot/api-contract';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

import { useDevNode } from '../lib/node.js';
import { bornFinalized, withMargin } from '../lib/chain.js';

const chain = useDevNode();
const run = promisify(execFile);

/** A contract's wasm and metadata (cargo-contract's JSON), from the fixtures. */
function artifacts(name) {
  return {
    wasm: readFileSync(process.env[`INK_${name.toUpperCase()}_WASM`]),
    abi: JSON.parse(readFileSync(process.env[`INK_${name.toUpperCase()}_JSON`], 'utf8')),
  };
}

/**
 * Signs and sends `tx` (an api-contract transaction), resolving with its
 * finalized result (api-contract's: `contract`, `contractEvents`) or
 * rejecting with its dispatch error.
 */
function send(tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    bornFinalized(chain.api)
      .then((era) => tx.signAndSend(signer, era, (result) => {
        if (result.status.isInvalid || result.status.isDropped) {
          unsubscribe();
          reject(new Error(`transaction ${result.status.type}`));
        }
        if (!result.status.isFinalized) return;
        unsubscribe();
        if (result.dispatchError) {
          const { section, name } = chain.api.registry.findMetaError(result.dispatchError.asModule);
          reject(new Error(`${section}.${name}`));
        } else {
          resolve(result);
        }
      }))
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch(reject);
  });
}

/** The gas and deposit a dry run asks for, as api-contract's options. */
function optionsFrom({ gasRequired, storageDeposit }) {
  return {
    gasLimit: chain.api.registry.createType('WeightV2', withMargin(gasRequired, 0)),
    storageDepositLimit: storageDeposit.isCharge ? storageDeposit.asCharge : null,
  };
}

/** Instantiates `name`'s code with `constructor(...args)` through `CodePromise`, after its dry run. */
async function instantiate(name, constructor, args, salt) {
  const { wasm, abi } = artifacts(name);
  const code = new CodePromise(chain.api, abi, wasm);
  const message = code.abi.findConstructor(constructor);
  const dryRun = await chain.api.call.contractsApi.instantiate(
    chain.alice.address, 0, null, null, { Upload: u8aToHex(wasm) }, message.toU8a(args), salt,
  );
  assert.ok(dryRun.result.isOk, `the dry run failed: ${dryRun.result.toString()}`);
  const result = await send(code.tx[message.method]({ ...optionsFrom(dryRun), salt }, ...args), chain.alice);
  // api-contract finds the new contract in `Contracts.Instantiated`.
  assert.ok(result.contract, 'api-contract found the instantiated contract');
  assert.equal(result.contract.address.toString(), dryRun.result.asOk.accountId.toString());
  return result.contract;
}

/**
 * Queries `message(...args)` as `origin` and returns api-contract's read
 * result. As with pallet-contracts, a query names a two-dimensional gas
 * limit (api-contract's default has no proof size): a block's.
 */
async function query(contract, message, origin, ...args) {
  const gasLimit = chain.api.registry.createType('WeightV2', chain.api.consts.system.blockWeights.maxBlock);
  return contract.query[message](origin.address, { gasLimit }, ...args);
}

/** Runs `message(...args)` as `signer` with the gas and deposit its dry run asked for. */
async function execute(contract, message, signer, ...args) {
  const dryRun = await query(contract, message, signer, ...args);
  assert.ok(dryRun.result.isOk, `the dry run failed: ${dryRun.result.toString()}`);
  assert.equal(dryRun.result.asOk.flags.bits.toNumber(), 0, `${message} reverts: ${dryRun.output?.toString()}`);
  return send(contract.tx[message](optionsFrom(dryRun), ...args), signer);
}

/** The `Ok` value of an ink! message's output (a `Result<T, LangError>`), as JSON. */
function okOf(read) {
  assert.ok(read.output.isOk, `LangError: ${read.output.toString()}`);
  return read.output.asOk.toJSON();
}

test('erc20: CodePromise instantiates it; ContractPromise queries, transfers with decoded events, and sees a revert', async () => {
  const token = await instantiate('erc20', 'new', [1_000_000n], '0x01');
  assert.equal(okOf(await query(token, 'totalSupply', chain.alice)), 1_000_000);
  assert.equal(okOf(await query(token, 'balanceOf', chain.alice, chain.alice.address)), 1_000_000);

  const sent = await execute(token, 'transfer', chain.alice, chain.bob.address, 250n);
  // The contract's `Transfer` event, decoded by api-contract from
  // `Contracts.ContractEmitted` and its record's signature topic.
  const [event] = sent.contractEvents;
  assert.match(event.event.identifier, /::Transfer$/);
  const fields = Object.fromEntries(event.event.args.map((arg, i) => [arg.name, event.args[i].toJSON()]));
  assert.deepEqual(fields, { from: chain.alice.address, to: chain.bob.address, value: 250 });
  assert.equal(okOf(await query(token, 'balanceOf', chain.alice, chain.bob.address)), 250);

  // Bob overdraws: the dry run reverts (pallet-contracts' `REVERT` flag)
  // with erc20's `InsufficientBalance` error as the message's result.
  const overdraw = await query(token, 'transfer', chain.bob, chain.alice.address, 251n);
  assert.ok(overdraw.result.isOk);
  assert.equal(overdraw.result.asOk.flags.bits.toNumber(), 1);
  assert.deepEqual(okOf(overdraw), { err: 'InsufficientBalance' });
  assert.equal(okOf(await query(token, 'balanceOf', chain.alice, chain.bob.address)), 250);
});

test('a factory instantiates a flipper from uploaded code and flips it; the flipper answers through its own ContractPromise', async () => {
  const flipper = artifacts('flipper');
  // Uploaded through `Contracts.upload_code`, as `cargo contract upload` does.
  const upload = chain.api.tx.contracts.uploadCode(u8aToHex(flipper.wasm), null, 'Enforced');
  await send(upload, chain.alice);
  const flipperHash = blake2AsHex(flipper.wasm, 256);

  const factory = await instantiate('factory', 'new', [flipperHash], '0x02');
  await execute(factory, 'create', chain.alice, true, 7);
  const created = okOf(await query(factory, 'last', chain.alice));
  assert.ok(created, 'the factory recorded its flipper');
  assert.equal(okOf(await query(factory, 'created', chain.alice)), 1);

  const child = new ContractPromise(chain.api, flipper.abi, created);
  assert.equal(okOf(await query(child, 'get', chain.alice)), true);
  const flipped = await execute(factory, 'flip', chain.bob, created);
  // The flipper's event is its own, not the factory's.
  assert.deepEqual(flipped.contractEvents, []);
  assert.equal(okOf(await query(child, 'get', chain.alice)), false);
  // The child is a contract of the pallet, instantiated by the factory.
  const info = (await chain.api.query.wasmContracts.contractInfoOf(child.address)).unwrap();
  assert.equal(info.codeHash.toHex(), flipperHash);
  assert.equal(info.deployer.toHex(), factory.address.toHex());
});

/** Whether `result` (a finalized transaction's) deposited `section.method`. */
function deposited(result, section, method) {
  return result.events.some(({ event }) => event.section === section && event.method === method);
}

test('an upgradeable contract moves to new code keeping its storage, and one retires: its account reaped, its deposits paid out', async () => {
  const v2 = artifacts('upgradeable_v2');
  await send(chain.api.tx.contracts.uploadCode(u8aToHex(v2.wasm), null, 'Enforced'), chain.alice);
  const v2Hash = blake2AsHex(v2.wasm, 256);
  const counter = await instantiate('upgradeable', 'new', [], '0x03');
  await execute(counter, 'inc', chain.alice);
  const upgraded = await execute(counter, 'setCode', chain.alice, v2Hash);
  assert.ok(deposited(upgraded, 'wasmContracts', 'ContractCodeUpdated'));
  // Version 2's messages on version 1's storage: 1, then 4 more.
  assert.equal(okOf(await query(counter, 'version', chain.alice)), 2);
  await execute(counter, 'inc', chain.alice);
  assert.equal(okOf(await query(counter, 'get', chain.alice)), 5);

  const retiring = await instantiate('upgradeable', 'new', [], '0x04');
  const account = async (who) => (await chain.api.query.system.account(who)).data;
  const held = (await account(retiring.address)).reserved.toBigInt() + (await account(retiring.address)).free.toBigInt();
  assert.ok(held > 0n);
  const { free: before } = await account(chain.alice.address);
  const retired = await execute(retiring, 'retire', chain.alice);
  assert.ok(deposited(retired, 'wasmContracts', 'Terminated'));
  assert.ok((await chain.api.query.wasmContracts.contractInfoOf(retiring.address)).isNone);
  const { free, reserved } = await account(retiring.address);
  assert.equal(free.toBigInt() + reserved.toBigInt(), 0n, 'the account is reaped');
  // Alice got it all back, less the transaction's fee.
  const fee = retired.events.find(({ event }) => event.method === 'TransactionFeePaid').event.data.actualFee.toBigInt();
  assert.equal((await account(chain.alice.address)).free.toBigInt(), before.toBigInt() + held - fee);
});

test('erc721, erc1155, a name registry and a multisig wallet run their flows through api-contract', async () => {
  const nft = await instantiate('erc721', 'new', [], '0x05');
  await execute(nft, 'mint', chain.alice, 1);
  const sent = await execute(nft, 'transfer', chain.alice, chain.bob.address, 1);
  assert.match(sent.contractEvents[0].event.identifier, /::Transfer$/);
  assert.equal(okOf(await query(nft, 'ownerOf', chain.alice, 1)), chain.bob.address);

  const tokens = await instantiate('erc1155', 'new', [], '0x06');
  await execute(tokens, 'create', chain.alice, 100);
  await execute(tokens, 'safeTransferFrom', chain.alice, chain.alice.address, chain.bob.address, 1, 30, []);
  assert.equal(okOf(await query(tokens, 'balanceOf', chain.alice, chain.bob.address, 1)), 30);

  const names = await instantiate('name_registry', 'new', [], '0x07');
  const name = `0x${'4e'.repeat(32)}`;
  await execute(names, 'register', chain.alice, name);
  await execute(names, 'setAddress', chain.alice, name, chain.bob.address);
  assert.equal(okOf(await query(names, 'getAddress', chain.alice, name)), chain.bob.address);
  const taken = await query(names, 'register', chain.bob, name);
  assert.deepEqual(okOf(taken), { err: 'NameAlreadyExists' });

  // A one-owner wallet flips a flipper (a message returning nothing, as
  // the wallet's calls expect): the flipper sees the wallet as its caller.
  const flipper = await instantiate('flipper', 'new', [false], '0x09');
  const wallet = await instantiate('multisig', 'new', [1, [chain.alice.address]], '0x08');
  await execute(wallet, 'submitTransaction', chain.alice, {
    callee: flipper.address,
    selector: flipper.abi.findMessage('flip').selector,
    input: '0x',
    transferredValue: 0,
    refTimeLimit: 0,
  });
  const invoked = await execute(wallet, 'invokeTransaction', chain.alice, 0);
  assert.match(invoked.contractEvents[0].event.identifier, /::Execution$/);
  assert.equal(okOf(await query(flipper, 'get', chain.alice)), true);
});

/** Sends `message(...args)` with `value` attached, after a dry run with it. */
async function executePaying(contract, message, signer, value, ...args) {
  const gasLimit = chain.api.registry.createType('WeightV2', chain.api.consts.system.blockWeights.maxBlock);
  const dryRun = await contract.query[message](signer.address, { gasLimit, value }, ...args);
  assert.ok(dryRun.result.isOk, `the dry run failed: ${dryRun.result.toString()}`);
  return send(contract.tx[message]({ ...optionsFrom(dryRun), value }, ...args), signer);
}

/** `who`'s free balance. */
async function free(who) {
  return (await chain.api.query.system.account(who)).data.free.toBigInt();
}

test('an incrementer counts per caller, takes value and reverts without a change', async () => {
  const counter = await instantiate('incrementer', 'new', [5], '0x0a');
  await execute(counter, 'inc', chain.alice, 3);
  await execute(counter, 'inc', chain.bob, 1);
  assert.equal(okOf(await query(counter, 'get', chain.alice)), 9);
  assert.equal(okOf(await query(counter, 'callsOf', chain.alice, chain.alice.address)), 1);
  assert.equal(okOf(await query(counter, 'callsOf', chain.alice, chain.charlie.address)), 0);

  const below = await query(counter, 'dec', chain.alice, 100);
  assert.equal(below.result.asOk.flags.bits.toNumber(), 1, 'dec below zero reverts');
  assert.deepEqual(okOf(below), { err: 'WouldGoNegative' });
  await execute(counter, 'dec', chain.alice, 4);
  assert.equal(okOf(await query(counter, 'get', chain.alice)), 5);

  const before = await free(counter.address);
  await executePaying(counter, 'deposit', chain.alice, 1_000_000n);
  const [received, balance] = okOf(await query(counter, 'funds', chain.alice));
  assert.equal(BigInt(received), 1_000_000n);
  assert.equal(await free(counter.address), before + 1_000_000n);
  assert.ok(BigInt(balance) >= 1_000_000n, `the contract's balance: ${balance}`);
});

test('a token caller queries and spends its own erc20 tokens cross-contract, sees the token refuse, and pays value', async () => {
  const token = await instantiate('erc20', 'new', [1_000n], '0x0b');
  const caller = await instantiate('token_caller', 'new', [token.address], '0x0d');
  await execute(token, 'transfer', chain.alice, caller.address, 100n);
  assert.equal(okOf(await query(caller, 'balanceOf', chain.alice, caller.address)), 100);

  // The token sees the token caller as its caller: its tokens move.
  await execute(caller, 'send', chain.alice, chain.charlie.address, 30n);
  assert.equal(okOf(await query(token, 'balanceOf', chain.alice, chain.charlie.address)), 30);
  assert.equal(okOf(await query(token, 'balanceOf', chain.alice, caller.address)), 70);
  const refused = await query(caller, 'send', chain.alice, chain.charlie.address, 71n);
  assert.equal(refused.result.asOk.flags.bits.toNumber(), 1);
  assert.deepEqual(okOf(refused), { err: 'TokenRefused' });

  const [isContract, codeHash] = okOf(await query(caller, 'inspect', chain.alice, token.address));
  assert.equal(isContract, true);
  assert.equal(codeHash, blake2AsHex(artifacts('erc20').wasm, 256));
  assert.deepEqual(okOf(await query(caller, 'inspect', chain.alice, chain.bob.address)), [false, null]);

  await executePaying(caller, 'fund', chain.alice, 5_000_000n);
  const before = await free(chain.charlie.address);
  await execute(caller, 'pay', chain.alice, chain.charlie.address, 2_000_000n);
  assert.equal(await free(chain.charlie.address), before + 2_000_000n);
});

test('a delegator runs locked logic on its own storage: the logic\'s code cannot be removed meanwhile', async () => {
  const logic = artifacts('delegatee');
  await send(chain.api.tx.contracts.uploadCode(u8aToHex(logic.wasm), null, 'Enforced'), chain.alice);
  const logicHash = blake2AsHex(logic.wasm, 256);
  const delegator = await instantiate('delegator', 'new', [logicHash], '0x0e');
  const lock = await chain.api.query.wasmContracts.delegateDependencies(delegator.address.toU8a(), logicHash);
  assert.ok(lock.isSome, 'the delegator locked its logic');

  await execute(delegator, 'inc', chain.bob, 4);
  await execute(delegator, 'inc', chain.alice, 2);
  // The logic ran in the delegator's context: its storage, its caller.
  assert.deepEqual(okOf(await query(delegator, 'get', chain.alice)), [6, chain.alice.address]);
  // The logic's error comes back; what it wrote does not.
  assert.equal(okOf(await query(delegator, 'tryRefuse', chain.alice)), 7);
  assert.deepEqual(okOf(await query(delegator, 'get', chain.alice)), [6, chain.alice.address]);

  await assert.rejects(send(chain.api.tx.wasmContracts.removeCode(logicHash), chain.alice), /CodeInUse/);
});

/** `cargo contract <args>` (cargo-contract 5 under Rust 1.90, as the fixtures are built), its JSON output parsed. */
async function cargoContract(args) {
  const { stdout } = await run('rustup', ['run', '1.90', 'cargo', 'contract', ...args, '--url', chain.url, '--output-json'], {
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout);
}

test('cargo contract instantiates erc20, calls it and dry-runs a query against the dev node', async () => {
  const bundle = process.env.INK_ERC20_JSON.replace(/\.json$/, '.contract');
  const instantiated = await cargoContract([
    'instantiate', bundle, '--constructor', 'new', '--args', '5000', '--salt', '0x0c',
    '--suri', '//Alice', '--execute', '--skip-confirm',
  ]);
  const address = instantiated.contract;
  assert.ok(address, `cargo contract reported the contract: ${JSON.stringify(instantiated)}`);

  const called = await cargoContract([
    'call', '--contract', address, '--message', 'transfer', '--args', chain.bob.address, '40',
    '--suri', '//Alice', '--execute', '--skip-confirm', bundle,
  ]);
  assert.ok(JSON.stringify(called).includes('ContractEmitted'), JSON.stringify(called));

  // A query is a dry run (no `--execute`): Bob's balance, through `ContractsApi_call`.
  const read = await cargoContract([
    'call', '--contract', address, '--message', 'balance_of', '--args', chain.bob.address,
    '--suri', '//Alice', bundle,
  ]);
  assert.equal(read.reverted, false);
  assert.match(JSON.stringify(read.data), /\b40\b/);
  // api-contract sees what cargo contract did.
  const token = new ContractPromise(chain.api, artifacts('erc20').abi, address);
  const balance = await query(token, 'balanceOf', chain.alice, chain.bob.address);
  assert.ok(balance.result.isOk, `${address}: ${balance.result.toString()}`);
  assert.equal(okOf(balance), 40);
});
