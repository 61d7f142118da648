// The four validators of `--chain local` (Aura authors, GRANDPA finalizes)
// on free loopback ports, each with a fixed node key and dialing the ones
// started before it; stopped by their process ids.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { Keyring } from '@polkadot/keyring';

import { nodeBinary, startNode } from './node.js';

/** The validators of the `local_testnet` preset, in Aura's authoring order. */
export const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];

const PEERS_TIMEOUT_MS = 120_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Validator `index`'s node key: a fixed secret, so its peer id is known. */
const nodeKey = (index) => (index + 1).toString(16).padStart(64, '0');

/** The libp2p peer id of a hex node key, as the node computes it. */
function peerId(key) {
  return execFileSync(nodeBinary(), ['key', 'inspect-node-key'], { input: key })
    .toString()
    .trim();
}

/** Polls `check()` until it returns a truthy value, which it returns; throws `what` after `timeoutMs`. */
export async function until(check, what, timeoutMs = PEERS_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** The node's resident memory in MiB, from `/proc`. */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const [, kib] = status.match(/VmRSS:\s+(\d+) kB/);
  return Number(kib) / 1024;
}

/** The number of `node`'s finalized head. */
export async function finalizedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

/** The number of `node`'s best block. */
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/**
 * A network of the four validators. `start()` brings them up and waits
 * until each has the other three as peers; `stop(i)` stops validator `i` by
 * its pid; `restart(i)` starts it again on its base path (every validator
 * keeps its chain in a temporary directory removed by `stopAll()`);
 * `follow(args)` starts a node that syncs the chain from the validators.
 */
export class Network {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'node-example-network-'));
    this.peers = VALIDATORS.map((_, index) => peerId(nodeKey(index)));
    this.nodes = [];
    this.followers = [];
  }

  /** Validator `index`'s node: `{ api, pid, rpcPort, p2pPort, stop, contractLog }`. */
  node(index) {
    return this.nodes[index];
  }

  async start() {
    for (let index = 0; index < VALIDATORS.length; index += 1) {
      this.nodes[index] = await this.launch(index, this.nodes.slice(0, index));
    }
    await this.waitForPeers();
  }

  async stop(index) {
    const node = this.nodes[index];
    this.nodes[index] = null;
    return node.stop();
  }

  async restart(index) {
    this.nodes[index] = await this.launch(index, this.nodes.filter(Boolean));
    await this.waitForPeers();
    return this.nodes[index];
  }

  /**
   * Starts a node of the chain that validates nothing, with `args` added, on
   * a fresh base path: it syncs from genesis through the running validators.
   */
  async follow(args = []) {
    const follower = await startNode({
      follower: true, bootnodes: this.bootnodes(this.nodes.filter(Boolean)), args,
    });
    this.followers.push(follower);
    return follower;
  }

  async stopAll() {
    const running = [...this.nodes, ...this.followers].filter(Boolean);
    await Promise.all(running.map((node) => node.stop()));
    this.nodes = [];
    this.followers = [];
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Until every running validator has every other running one as a peer. */
  async waitForPeers() {
    const running = this.nodes.filter(Boolean);
    await until(async () => {
      const health = await Promise.all(running.map((node) => node.api.rpc.system.health()));
      return health.every(({ peers }) => peers.toNumber() >= running.length - 1);
    }, `${running.length} validators to peer`);
  }

  /** The multiaddresses of the validators `nodes`. */
  bootnodes(nodes) {
    return nodes.map((node) => {
      const peer = this.peers[this.nodes.indexOf(node)];
      return `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${peer}`;
    });
  }

  launch(index, bootnodes) {
    return startNode({
      validator: VALIDATORS[index],
      nodeKey: nodeKey(index),
      basePath: join(this.dir, VALIDATORS[index]),
      bootnodes: this.bootnodes(bootnodes),
    });
  }
}

/**
 * Starts the four validators before the file's tests and stops them after
 * (also when a test fails). The returned object gets `network` and the dev
 * accounts `alice` ... `ferdie` (sr25519, SS58 prefix 42) once they are up.
 */
export function useNetwork() {
  const chain = {};
  const network = new Network();
  before(async () => {
    await network.start();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    Object.assign(chain, { network });
    for (const name of ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie']) {
      chain[name] = keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);
    }
  });
  after(() => network.stopAll());
  return chain;
}
