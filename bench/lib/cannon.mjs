/**
 * autocannon as a peer, run as its own process so its CPU is its own: the figures are
 * its JSON result plus the CPU time and peak memory the child reports on exit.
 */
import { createRequire } from 'node:module';
import { runNode } from './procs.mjs';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** `autocannon -c connections -d seconds --json url` (extra flags appended); resolves with its result. */
export async function autocannon(url, { connections = 50, seconds = 5, extra = [] } = {}) {
  const run = await runNode([AUTOCANNON, '-c', String(connections), '-d', String(seconds), '--json', ...extra, url]);
  if (run.code !== 0) throw new Error(`autocannon exited with ${run.code}: ${run.stderr.trim()}`);
  const result = JSON.parse(run.stdout);
  return { result, cpuUs: run.cpuUs, maxRssKb: run.maxRssKb, requests: result.requests.total };
}
