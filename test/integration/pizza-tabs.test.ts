/**
 * `--tabs`: each journey's adds go out from several tabs at once on one session, and the
 * concurrent-writes checker judges the cart view after them. One short run of every
 * pizza design, shared by the cases.
 *
 * Why stateless-naive loses items in every such run: each journey sends 2–4 adds from at
 * least two tabs in the same instant, over their own connections; round-robin sends them
 * to both servers (two servers keep the machine's load down; three would show nothing
 * more), and each server reads the session (one round trip to Redis) before it can write
 * it back (a second one). The tabs' reads all leave before the first write can, so most
 * journeys overwrite one tab's item with another's (in the runs made while writing this,
 * 30 of 34 and 14 of 19 journeys lost one); dozens of journeys make a run without a
 * single loss practically impossible. Stateful (sticky: one
 * server, one thread, the cart changed in memory with no await) and stateless (one
 * atomic script per add) cannot lose one, whatever the timing.
 */
import { readFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DesignRun, RunResult } from '../../src/result.js';
import { statebench } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';
import { REDIS_URL } from '../helpers/targets.js';

const out = mkdtempSync(join(tmpdir(), 'statebench-tabs-'));
let cli: Awaited<ReturnType<typeof statebench>>;
let result: RunResult;
let html: string;
let leftRunning: unknown[];

const run = (arch: string): DesignRun => {
  const found = result.runs.find((candidate) => candidate.arch === arch);
  if (!found) throw new Error(`no ${arch} run in the report`);
  return found;
};

beforeAll(async () => {
  const child = statebench(
    ['run', 'pizza', '--arch', 'all', '--tabs', '3', '--servers', '2', '--duration', '2s', '--users', '6', '--think', '20ms', '--seed', '15',
      '--redis-url', REDIS_URL, '--trace', 'user-1', '--report', 'html', '--out', out, '--quiet'],
  );
  cli = await child;
  leftRunning = processesOf(child.pid!);
  const report = readdirSync(out).find((name) => name.endsWith('-pizza.json'));
  if (!report) throw new Error(`no report written:\n${cli.stdout}\n${cli.stderr}`);
  result = JSON.parse(readFileSync(join(out, report), 'utf8')) as RunResult;
  html = readFileSync(join(out, report.replace(/\.json$/, '.html')), 'utf8');
}, 120_000);

describe('pizza with 3 tabs per user, every design, no fault', () => {
  it('runs every design and leaves nothing running', () => {
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(result.runs.map((r) => r.arch)).toEqual(['stateful', 'stateless', 'stateless-naive']);
    expect(result.tabs).toBe(3);
    expect(leftRunning).toEqual([]);
  });

  it('stateless-naive loses acknowledged items; stateful and stateless lose none; no session is lost', () => {
    expect(run('stateless-naive').consistency.byKind['lost-item']).toBeGreaterThan(0);
    for (const arch of ['stateful', 'stateless']) {
      expect(run(arch).consistency, arch).toMatchObject({ errors: 0, byKind: { 'lost-item': 0, 'phantom-item': 0 } });
    }
    for (const r of result.runs) {
      expect(r.consistency.byKind['phantom-item'], r.arch).toBe(0);
      // A lost item is a consistency error, never a lost session: the session is intact.
      expect(r.sessionLoss.journeys, r.arch).toBe(0);
      expect(r.journeys.completed, r.arch).toBeGreaterThan(0);
    }
    // The default balancers: sticky for the in-memory sessions, spread for both stores.
    expect(result.runs.map((r) => r.balancer)).toEqual(['sticky', 'round-robin', 'round-robin']);
  });

  it('dates each lost item: the timeline adds up to the total, and an example names the tab and the server', () => {
    const naive = run('stateless-naive');
    expect(naive.timeline.reduce((sum, point) => sum + (point.consistency ?? 0), 0)).toBe(naive.consistency.errors);
    expect(naive.consistency.examples?.[0]).toMatchObject({
      kind: 'lost-item',
      account: expect.stringMatching(/^user-\d+$/),
      expected: expect.stringMatching(/^[a-z-]+ \(tab [123], acknowledged by server-[12] at \d+\.\d\d s\)$/),
      observed: expect.stringMatching(/^(cart|order) at server-[12]: /),
    });
  });

  it('shows the tabs in the trace, the table and the HTML', () => {
    const steps = (run('stateless-naive').trace?.events ?? []).filter((event) => event.type === 'step');
    const adds = steps.filter((event) => event.step === 'add');
    expect(adds.length).toBeGreaterThan(0);
    for (const add of adds) expect([1, 2, 3]).toContain(add.tab);
    for (const other of steps.filter((event) => event.step !== 'add')) expect(other.tab).toBeUndefined();
    expect(cli.stdout).toMatch(/tab [123]: adds [a-z-]+ to the cart → server-[12]: 200/);
    expect(cli.stdout).toContain('· 6 users × 3 tabs');
    expect(cli.stdout).toMatch(/│ {3}lost-item +│ +0 │ +0 │ +[1-9][\d,]* │/);
    expect(html).toContain('Each user had 3 tabs open on one session');
    expect(html).toMatch(/the stateless-naive fleet lost no cart,? (and )?dropped [1-9]/);
    expect(html).toContain('An item is kept when each add is applied whole');
  });
});

describe('--tabs is checked before any load', () => {
  it.each([
    [['atm', '--tabs', '2'], 'statebench: Expected `--tabs` to be left out for the atm scenario (only pizza journeys have tabs), got `2`.'],
    [['pizza', '--tabs', '9'], 'statebench: Expected `--tabs` to be a positive integer of at most 8, got `9`.'],
  ])('refuses run %j with exit 2 and one line', async (args, line) => {
    const refused = await statebench(['run', ...args, '--out', out]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim()).toBe(line);
  });
});
