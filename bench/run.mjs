#!/usr/bin/env node
/**
 * `npm run bench`: statebench measured against peers in one run on this machine. Every
 * figure is a ratio against a peer measured here and now (autocannon, HAProxy, going
 * direct, bare node), so the table travels between machines better than raw numbers.
 * Prints a table and writes bench/results.json (with the CPU and Node version).
 * Under five minutes on two cores. Needs a build (npm run build) and /usr/sbin/haproxy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannonRun from 'autocannon';
import Table from 'cli-table3';
import { startBalancer } from '../dist/src/balancer/client.js';
import { referenceDesigns } from '../dist/src/designs/index.js';
import { Fleet } from '../dist/src/fleet/fleet.js';
import { autocannon } from './lib/cannon.mjs';
import { probe } from './lib/probe.mjs';
import { cpuOf, haproxy, pizzaServers, ROOT, runNode, stop, stopAll } from './lib/procs.mjs';
import { statebench } from './lib/statebench.mjs';

const rows = [];
const results = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg() },
  startedAt: new Date().toISOString(),
  parts: {},
};
const ratio = (value, peer) => (Number.isFinite(value) && Number.isFinite(peer) && peer !== 0 ? value / peer : NaN);
const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
function row(figure, ours, peer, peerName, target) {
  rows.push([figure, ours, peer, peerName, target]);
  console.error(`bench: ${figure}: ${ours} vs ${peer} (${peerName})`);
}
const step = (what) => console.error(`bench: ${what}…`);

/** --help against bare node, best of five (the machine's noise only ever adds). */
async function startup() {
  step('start-up');
  const best = async (args) => {
    let fastest = Infinity;
    for (let i = 0; i < 5; i++) fastest = Math.min(fastest, (await runNode(args)).wallMs);
    return fastest;
  };
  const help = await best([path.join(ROOT, 'bin', 'statebench.js'), '--help']);
  const bare = await best(['-e', '0']);
  results.parts.startup = { helpMs: help, bareNodeMs: bare };
  row('--help (ms)', fmt(help, 0), fmt(bare, 0), 'node -e 0', '≤ 300 ms');
}

/** Built-in balancer, HAProxy and no balancer in front of the same three stateful servers. */
async function balancers() {
  step('balancers');
  const servers = await pizzaServers(3);
  const hap = await haproxy(servers);
  const lb = await startBalancer({ strategy: 'round-robin', seed: 1, backends: servers.map(({ id, url }) => ({ id, url })) });
  const measured = {};
  try {
    for (const [name, url, pid] of [
      ['direct', servers[0].url, undefined],
      ['haproxy', hap.url, hap.child.pid],
      ['builtin', lb.url, lb.pid],
    ]) {
      step(`  ${name}`);
      const latency = await probe(url, '/healthz');
      const before = pid ? cpuOf(pid) : 0;
      const load = await autocannon(`${url}/healthz`, { connections: 50, seconds: 5 });
      measured[name] = {
        rps: load.result.requests.average,
        p50: latency.p50,
        p99: latency.p99,
        proxyCpuUsPerRequest: pid ? (cpuOf(pid) - before) / load.requests : undefined,
        errors: load.result.errors + load.result.non2xx,
      };
    }
  } finally {
    await lb.close();
    await hap.close();
    await Promise.all(servers.map((s) => stop(s.child)));
  }
  const { direct, haproxy: hp, builtin } = measured;
  results.parts.balancer = measured;
  row('balancer throughput (req/s)', fmt(builtin.rps, 0), fmt(hp.rps, 0), `HAProxy (${fmt(ratio(builtin.rps, hp.rps))}×)`, '≥ 0.8×');
  row('balancer CPU per request (µs)', fmt(builtin.proxyCpuUsPerRequest, 0), fmt(hp.proxyCpuUsPerRequest, 0), `HAProxy (${fmt(ratio(builtin.proxyCpuUsPerRequest, hp.proxyCpuUsPerRequest))}×)`, '');
  row('added p50 over direct (ms)', fmt(builtin.p50 - direct.p50, 3), fmt(hp.p50 - direct.p50, 3), 'HAProxy', '≤ 0.3 ms');
  row('added p99 over direct (ms)', fmt(builtin.p99 - direct.p99, 3), fmt(hp.p99 - direct.p99, 3), 'HAProxy', '');
  row('throughput vs direct', fmt(ratio(builtin.rps, direct.rps)), fmt(ratio(hp.rps, direct.rps)), 'HAProxy vs direct', '');
}

/**
 * The driver's CPU per request, as the marginal cost between a 9 s and a 3 s run (start-up
 * and reporting cancel out), against autocannon's at 50 connections on a built-in balancer.
 */
async function driverCost() {
  step('driver CPU per request');
  const runs = {};
  for (const seconds of [3, 9]) {
    const run = await statebench(['run', 'pizza', '--arch', 'stateful', '--think', '0ms', '--duration', `${seconds}s`, '--seed', '1']);
    runs[seconds] = { cpuUs: run.cpuUs, requests: run.report?.runs?.[0]?.requests?.total ?? NaN };
  }
  const ours = (runs[9].cpuUs - runs[3].cpuUs) / (runs[9].requests - runs[3].requests);
  if (!(ours > 0)) console.error('bench: a driver run did not complete; its figure is n/a');
  const servers = await pizzaServers(3);
  const lb = await startBalancer({ strategy: 'sticky', seed: 1, backends: servers.map(({ id, url }) => ({ id, url })) });
  const cannon = {};
  try {
    for (const seconds of [3, 9]) cannon[seconds] = await autocannon(`${lb.url}/healthz`, { connections: 50, seconds });
  } finally {
    await lb.close();
    await Promise.all(servers.map((s) => stop(s.child)));
  }
  const peer = (cannon[9].cpuUs - cannon[3].cpuUs) / (cannon[9].requests - cannon[3].requests);
  results.parts.driver = { statebench: runs, autocannon: { 3: { cpuUs: cannon[3].cpuUs, requests: cannon[3].requests }, 9: { cpuUs: cannon[9].cpuUs, requests: cannon[9].requests } }, ours, peer };
  row('driver CPU per request (µs)', fmt(ours, 0), fmt(peer, 0), `autocannon (${fmt(ratio(ours, peer))}×)`, '≤ 1.0×');
}

/**
 * A stall of known length: the open model's reported p99 and max beside the schedule's
 * truth, and beside autocannon -R against one server stopped for the same time.
 */
async function stall() {
  step('stall');
  const stallMs = 1000;
  const durationS = 6;
  // Low enough that the fleet keeps up on two cores: only the stall should delay anything.
  const rate = 20;
  // True figures of a stall on one of three round-robin servers: a request arriving t ms into
  // it waits stallMs - t; those are a third of the arrivals during it.
  const truth = (share) => {
    const affected = (share * stallMs) / (durationS * 1000);
    return { max: stallMs, p99: affected > 0.01 ? stallMs * (1 - 0.01 / affected) : 0 };
  };
  const ours = await statebench([
    'run', 'pizza', '--arch', 'stateless', '--balancer', 'round-robin', '--rate', `${rate}/s`,
    '--fault', `pause:server-1@2s+${stallMs / 1000}s`, '--duration', `${durationS}s`, '--seed', '1',
  ]);
  const latency = ours.report?.runs?.[0]?.latency;
  const open = ours.code === 0 && latency ? { p99: latency.p99, max: latency.max } : undefined;

  const [server] = await pizzaServers(1);
  let cannon;
  try {
    // In-process, so the stall is timed from autocannon's first answer, not from a start-up.
    const instance = autocannonRun({ url: `${server.url}/healthz`, connections: 10, duration: durationS, overallRate: rate });
    let timer;
    instance.once('response', () => {
      timer = setTimeout(() => {
        server.child.kill('SIGSTOP');
        timer = setTimeout(() => server.child.kill('SIGCONT'), stallMs);
      }, 2000);
    });
    const load = await instance;
    clearTimeout(timer);
    server.child.kill('SIGCONT');
    cannon = { p99: load.latency.p99, max: load.latency.max };
  } finally {
    await stop(server.child);
  }
  const oursTruth = truth(1 / 3);
  const cannonTruth = truth(1);
  results.parts.stall = { stallMs, durationS, rate, open: open ?? null, openTruth: oursTruth, autocannon: cannon, autocannonTruth: cannonTruth, openNote: open ? undefined : ours.stderr.trim().split('\n').at(-1) };
  row('stall p99 (ms), true', open ? `${fmt(open.p99, 0)}, ${fmt(oursTruth.p99, 0)}` : 'n/a', `${fmt(cannon.p99, 0)}, ${fmt(cannonTruth.p99, 0)}`, 'autocannon -R', 'within 10%');
  row('stall max (ms), true', open ? `${fmt(open.max, 0)}, ${stallMs}` : 'n/a', `${fmt(cannon.max, 0)}, ${stallMs}`, 'autocannon -R', '');
}

/**
 * Wall time beyond --duration of the default crash run, per design: the whole process,
 * start-up and report included. Best of two (the machine's noise only ever adds).
 */
async function overhead() {
  step('overhead beyond --duration');
  const seconds = 5;
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const run = await statebench(['run', 'pizza', '--crash', 'server-1', '--duration', `${seconds}s`, '--seed', '1']);
    const designs = run.report?.runs?.length ?? 2;
    runs.push({ wallMs: run.wallMs, designs, perDesignMs: run.code === 0 ? (run.wallMs - designs * seconds * 1000) / designs : NaN });
  }
  const perDesign = Math.min(...runs.map((run) => run.perDesignMs));
  results.parts.overhead = { runs, perDesignMs: perDesign };
  row('overhead beyond --duration (ms/design)', fmt(perDesign, 0), fmt(seconds * 1000, 0), '--duration', '≤ 1500 ms');
}

/** Driver memory per virtual user (pizza) and per chat WebSocket, against autocannon's per connection. */
async function memory() {
  step('memory');
  // A run that did not complete says nothing about memory: n/a rather than a wrong figure.
  const rss = async (args) => {
    const run = await statebench(args);
    return run.code === 0 ? run.maxRssKb : NaN;
  };
  const pizza = async (users) => rss(['run', 'pizza', '--arch', 'stateless', '--users', String(users), '--think', '200ms', '--duration', '3s', '--seed', '1']);
  const chat = async (users) => rss(['run', 'chat', '--arch', 'stateless', '--users', String(users), '--think', '1s', '--duration', '3s', '--seed', '1']);
  const perUser = ((await pizza(1000)) - (await pizza(100))) / 900;
  const perSocket = ((await chat(1000)) - (await chat(100))) / 900;
  const servers = await pizzaServers(1);
  let perConnection;
  try {
    const many = await autocannon(`${servers[0].url}/healthz`, { connections: 1000, seconds: 2 });
    const few = await autocannon(`${servers[0].url}/healthz`, { connections: 100, seconds: 2 });
    perConnection = (many.maxRssKb - few.maxRssKb) / 900;
  } finally {
    await stop(servers[0].child);
  }
  results.parts.memory = { pizzaKbPerUser: perUser, chatKbPerSocket: perSocket, autocannonKbPerConnection: perConnection };
  row('memory per virtual user (KiB)', fmt(perUser, 1), fmt(perConnection, 1), 'autocannon per connection', '');
  row('memory per chat WebSocket (KiB)', fmt(perSocket, 1), fmt(perConnection, 1), 'autocannon per connection', '');
}

/**
 * statebench's own fleet of three stateful reference servers, from the first spawn until
 * each answers /healthz (what a run waits for), against bare node's start (measured by the
 * start-up part, or here). Best of three.
 */
async function fleetReady() {
  step('fleet ready');
  const bare = results.parts.startup?.bareNodeMs ?? (await runNode(['-e', '0'])).wallMs;
  const definition = referenceDesigns('pizza').designs.stateful;
  let readyMs = Infinity;
  for (let i = 0; i < 3; i++) {
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'statebench-bench-fleet-'));
    const t0 = performance.now();
    const fleet = await Fleet.start({ definition, servers: 3, logDir });
    readyMs = Math.min(readyMs, performance.now() - t0);
    await fleet.close();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
  results.parts.fleet = { readyMs, bareNodeMs: bare };
  row('fleet ready, 3 servers (ms)', fmt(readyMs, 0), fmt(bare, 0), 'node -e 0', '');
}

const PARTS = { startup, fleet: fleetReady, balancers, driver: driverCost, stall, overhead, memory };
// `node bench/run.mjs stall memory` runs only those parts (and writes only their figures).
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!Object.hasOwn(PARTS, name)) {
    console.error(`bench: expected parts among ${Object.keys(PARTS).join(', ')}, got \`${name}\``);
    process.exit(2);
  }
}
const started = performance.now();
try {
  for (const [name, part] of Object.entries(PARTS)) if (chosen.length === 0 || chosen.includes(name)) await part();
} finally {
  await stopAll();
}
results.wallMs = performance.now() - started;
const table = new Table({ head: ['figure', 'statebench', 'peer', 'peer is', 'target'], style: { head: [], border: [] } });
table.push(...rows);
console.log(table.toString());
console.log(`${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, load ${results.machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}; ${(results.wallMs / 1000).toFixed(0)} s`);
results.rows = rows;
const file = path.join(ROOT, 'bench', chosen.length === 0 ? 'results.json' : `results-${chosen.join('-')}.json`);
fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written: ${path.relative(ROOT, file)}`);
