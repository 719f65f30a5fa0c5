import { describe, expect, it } from 'vitest';
import { planFaults } from '../../src/chaos/plan.js';
import { parseFaultSpec } from '../../src/chaos/spec.js';
import type { RawRunOptions } from '../../src/config/run-config.js';
import { renderTable, summarize } from '../../src/report/index.js';
import type { DesignRun, RunResult } from '../../src/result.js';
import { design, runScenario } from '../helpers/runs.js';

const BASE: RawRunOptions = { users: '20', duration: '4s', think: '50ms', seed: '5' };

/** Store faults need statebench's own Redis, so these runs never take REDIS_URL. */
function runPizza(raw: RawRunOptions, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runScenario('pizza', { ...BASE, ...raw }, env);
}

describe('the chaos vocabulary, with real processes, the real balancer and a real Redis', () => {
  it('rolling: the stateful design loses the sessions under way, the stateless none', async () => {
    const result = await runPizza({ fault: ['rolling@1s'] });
    const stateful = design(result, 'stateful');
    const stateless = design(result, 'stateless');
    expect(stateful.faults[0]).toMatchObject({ kind: 'rolling' });
    expect(stateful.faults[0]?.endedAtMs).toBeGreaterThan(stateful.faults[0]!.firedAtMs!);
    expect(stateful.sessionLoss.journeys).toBeGreaterThanOrEqual(10);
    expect(stateless.sessionLoss.journeys).toBe(0);
    expect(stateless.journeys.failed).toBe(0);
  });

  it('scale-down with drain costs the stateless design no failed journey', async () => {
    const result = await runPizza({ arch: 'stateless', fault: ['scale-down:server-2@1s'] });
    const stateless = design(result, 'stateless');
    expect(stateless.faults[0]?.endedAtMs).toBeDefined();
    expect(stateless.journeys.failed).toBe(0);
    expect(stateless.requests.errors).toBe(0);
    expect(stateless.sessionLoss.journeys).toBe(0);
  });

  it('pause shows up in p99 during the window and not after it', async () => {
    const result = await runPizza({ arch: 'stateless', fault: ['pause:server-2@1.5s+1s'] });
    const [phase] = design(result, 'stateless').phases ?? [];
    expect(phase).toBeDefined();
    // Requests held by the paused server wait up to its 1 s. Orderings only, no bound on
    // time: the before span also holds the requests meant to start just before the pause
    // that it held (latency belongs to the intended start), so its p99 can be as high.
    expect(phase!.during.latency.p99).toBeGreaterThan(phase!.after.latency.p99);
    expect(phase!.during.latency.p99).toBeGreaterThan(phase!.during.latency.p50);
    expect(phase!.during.latency.p99).toBeGreaterThan(phase!.before.latency.p50);
  });

  it('store-pause fails stateless requests during the window, then recovers with no session lost', async () => {
    const result = await runPizza({ arch: 'stateless', duration: '6s', fault: ['store-pause@1s+3s'] });
    const stateless = design(result, 'stateless');
    const [phase] = stateless.phases ?? [];
    expect(phase!.during.errors).toBeGreaterThan(0);
    expect(phase!.after.errors).toBe(0);
    expect(phase!.recoveryMs).not.toBeNull();
    expect(stateless.sessionLoss.journeys).toBe(0);
  });

  it('store-crash loses the stateless sessions, counts them, and the summary says so', async () => {
    // The documented form, with users who do not pause: their steps meet 503s during the
    // outage and a store that has forgotten them after it.
    const result = await runPizza({ arch: 'stateless', fault: ['store-crash@1s+500ms'] });
    const stateless = design(result, 'stateless');
    expect(stateless.sessionLoss.journeys).toBeGreaterThan(0);
    expect(stateless.notes?.join(' ')).toMatch(/store .*lost its state/);
    const table = renderTable(result, { color: false });
    const line = table.split('\n').find((text) => text.startsWith('stateless:'));
    expect(line).toMatch(/^stateless: \d+ of \d+ journeys \([^)]+\) lost their session/);
    expect(table).not.toContain('no session lost');
    expect(summarize(result).join(' ')).not.toMatch(/lost no cart/);
  });

  it('hash: consistent moves few sessions on scale-up, modulo moves most', async () => {
    const raw = { arch: 'stateless', users: '40', think: '100ms', balancer: 'hash', fault: ['scale-up@1500ms'] };
    // Two independent runs, side by side: rebinds count sessions, not time.
    const runs = await Promise.all([runPizza({ ...raw, hash: 'consistent' }), runPizza({ ...raw, hash: 'modulo' })]);
    const [consistent, modulo] = runs.map((result) => design(result, 'stateless')) as [DesignRun, DesignRun];
    expect(Object.keys(modulo.requests.byServer)).toContain('server-4');
    expect(modulo.rebinds).toBeGreaterThan(1.5 * consistent.rebinds);
  });

  it('fires the faults its seed plans, at the same targets and times, so the same seed replays them', async () => {
    // The plan is a pure function of the seed (test/unit/chaos/plan.test.ts); the run must follow it.
    const text = 'crash:random@every=1s';
    const fired = design(await runPizza({ arch: 'stateful', users: '5', duration: '3s', seed: '77', fault: [text] }), 'stateful').faults;
    const spec = parseFaultSpec(text, { durationMs: 3000, servers: 3 });
    if (!spec.ok) throw new Error(spec.expected);
    const planned = planFaults([spec.value], { seed: 77, durationMs: 3000, servers: 3 });
    expect(new Set(planned.map((fault) => fault.target)).size).toBeGreaterThan(1);
    expect(fired.map((fault) => [fault.kind, fault.target, fault.atMs])).toEqual(planned.map((fault) => [fault.kind, fault.target, fault.at]));
    for (const fault of fired) expect(fault.firedAtMs, fault.label).toBeDefined();
  });
});
