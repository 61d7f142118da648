// Starts a node (the dev node, or a validator of `--chain local`) on free
// ports, connects polkadot.js to it, and stops it by its process id.

import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { after, before } from 'node:test';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Log lines of the VM and the pallet's node side: compiles, the artifact
 * directory, warming (the node prints no target at the default level).
 */
const CONTRACT_LOG = /Compiled contract|module cache/;

/** The block author's line for each block it built, with the milliseconds it took. */
const PROPOSED = /Prepared block for proposing at (\d+) \((\d+) ms\)/;

/** The node binary the suite runs: `cargo test -p node-example` passes it. */
export function nodeBinary() {
  const bin = process.env.NODE_EXAMPLE_BIN;
  if (!bin) {
    throw new Error('NODE_EXAMPLE_BIN is not set: run them through `cargo test -p node-example`');
  }
  return bin;
}

/**
 * Milliseconds of CPU time the threads of process `pid` have used, to the
 * nanosecond (Linux's per-thread `schedstat`; a thread that ended is not
 * counted, so measure intervals in which threads live on).
 */
function cpuMs(pid) {
  const dir = `/proc/${pid}/task`;
  let nanos = 0;
  for (const task of readdirSync(dir)) {
    try {
      nanos += Number(readFileSync(`${dir}/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended since the listing.
    }
  }
  return nanos / 1e6;
}

/**
 * Starts `$NODE_EXAMPLE_BIN` with a temporary base path (or `basePath`,
 * kept) and returns `{ api, pid, rpcPort, p2pPort, stop, reconnect,
 * contractLog, logged, proposal, cpuMs }`, `reconnect()` replacing `api`
 * with a new connection, `contractLog` being every log line of the VM so
 * far, `logged(pattern)` resolving with the first log line matching
 * `pattern` (from the start), `proposal(number)` resolving, for a block
 * this node authored, with `{ ms, cpuMs }`: the milliseconds it logged for
 * building it and the CPU time its threads had used when that line was
 * read, and `cpuMs()` the CPU time its threads have used so far. By default it
 * runs `--dev`; with `validator` (`alice`, `bob`, ...) it is that validator
 * of `--chain local` (the chain spec at `LOCAL_CHAIN_SPEC` if set: the
 * e2e's starts from the runtime's previous release), with the hex
 * `nodeKey` as its network identity, and with `follower` a node of that
 * chain that only follows it; on
 * `p2pPort` (a free one if not given), dialing `bootnodes` (multiaddresses),
 * with `args` added. Throws with the node's last log lines if it exits or
 * does not open its RPC port in time.
 */
export async function startNode({
  basePath, validator, follower = false, nodeKey, p2pPort, bootnodes = [], args = [],
} = {}) {
  const rpcPort = await freePort();
  const port = p2pPort ?? await freePort();
  const role = validator ? [`--${validator}`, '--node-key', nodeKey] : [];
  const chain = validator || follower
    ? ['--chain', process.env.LOCAL_CHAIN_SPEC ?? 'local', ...role, ...bootnodes.flatMap((addr) => ['--bootnodes', addr])]
    : ['--dev'];
  const child = spawn(
    nodeBinary(),
    [
      ...chain, ...(basePath ? ['--base-path', basePath] : ['--tmp']),
      '--rpc-port', `${rpcPort}`, '--port', `${port}`, '--no-prometheus', '--no-mdns', ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log = [];
  const everyLine = [];
  /** `logged` calls still waiting: `{ pattern, resolve }`. */
  const awaited = new Set();
  const contractLog = [];
  const proposed = new Map();
  let partial = '';
  child.stderr.setEncoding('utf8');
  // `E2E_LOG_DIR=DIR` keeps every node's whole log there, for a failure's post-mortem.
  if (process.env.E2E_LOG_DIR) {
    const name = validator ?? (follower ? 'follower' : 'dev');
    child.stderr.pipe(createWriteStream(join(process.env.E2E_LOG_DIR, `${name}-${child.pid}.log`)));
  }
  child.stderr.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    log.push(...lines);
    log.splice(0, Math.max(0, log.length - 40));
    contractLog.push(...lines.filter((line) => CONTRACT_LOG.test(line)));
    everyLine.push(...lines);
    for (const waiting of awaited) {
      const line = lines.find((seen) => waiting.pattern.test(seen));
      if (line === undefined) continue;
      awaited.delete(waiting);
      waiting.resolve(line);
    }
    for (const line of lines) {
      const match = PROPOSED.exec(line);
      if (!match) continue;
      let cpu = NaN;
      try {
        cpu = cpuMs(child.pid);
      } catch {
        // The node ended: a stopped node's last lines can arrive after it.
      }
      proposed.set(Number(match[1]), { ms: Number(match[2]), cpuMs: cpu });
    }
  });
  const proposal = async (number) => {
    const deadline = Date.now() + 10_000;
    while (!proposed.has(number)) {
      if (Date.now() > deadline) throw new Error(`the node logged no proposal of block ${number}`);
      await sleep(20);
    }
    return proposed.get(number);
  };
  const logged = (pattern) => new Promise((resolve) => {
    const line = everyLine.find((seen) => pattern.test(seen));
    if (line !== undefined) resolve(line);
    else awaited.add({ pattern, resolve });
  });
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const stop = async () => {
    if (exited) return exited;
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
    const status = await exit;
    clearTimeout(timer);
    return status;
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await portOpen(rpcPort))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`the node did not open its RPC port ${rpcPort}:\n${log.join('\n')}`);
    }
    await sleep(250);
  }

  const connect = () => ApiPromise.create({
    provider: new WsProvider(`ws://127.0.0.1:${rpcPort}`),
    noInitWarn: true,
  });
  try {
    const node = {
      api: await connect(),
      pid: child.pid,
      rpcPort,
      p2pPort: port,
      contractLog,
      logged,
      proposal,
      cpuMs: () => cpuMs(child.pid),
      // After a runtime upgrade polkadot.js rebuilds its runtime calls from
      // the metadata `state_getMetadata` returns (v14), which lacks the
      // runtime APIs (`api.call.wasmContractsApi`): a new connection reads
      // v15 again, as at start.
      reconnect: async () => {
        await node.api.disconnect();
        node.api = await connect();
        return node.api;
      },
      stop: async () => {
        await node.api.disconnect();
        return stop();
      },
    };
    return node;
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts a dev node before the file's tests and stops it after them (also
 * when a test fails). The returned object gets `api`, `url`, `alice`, `bob` and
 * `charlie` (sr25519 dev keys, SS58 prefix 42), `proposal` and `cpuMs` (see `startNode`)
 * once the node is up.
 */
export function useDevNode() {
  const chain = {};
  let node;
  before(async () => {
    node = await startNode();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    Object.assign(chain, {
      api: node.api,
      url: `ws://127.0.0.1:${node.rpcPort}`,
      alice: keyring.addFromUri('//Alice'),
      bob: keyring.addFromUri('//Bob'),
      charlie: keyring.addFromUri('//Charlie'),
      proposal: node.proposal,
      cpuMs: node.cpuMs,
    });
  });
  after(async () => {
    if (node) await node.stop();
  });
  return chain;
}
