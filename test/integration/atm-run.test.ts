import { describe, expect, it } from 'vitest';
import type { RawRunOptions } from '../../src/config/run-config.js';
import type { RunResult } from '../../src/result.js';
import { design, runScenario } from '../helpers/runs.js';

const BASE: RawRunOptions = { users: '16', duration: '3s', think: '30ms', seed: '11' };

function runAtm(raw: RawRunOptions): Promise<RunResult> {
  return runScenario('atm', { ...BASE, ...raw });
}

describe('atm, end to end', () => {
  it('without a fault: stateful ATMs disagree and read stale balances', async () => {
    const stateful = design(await runAtm({ arch: 'stateful' }), 'stateful');
    expect(stateful.balancer).toBe('round-robin');
    expect(stateful.faults).toEqual([]);
    expect(stateful.consistency.byKind['divergent-read']).toBeGreaterThan(0);
    expect(stateful.consistency.byKind['stale-read']).toBeGreaterThan(0);
    expect(stateful.consistency.examples?.length).toBeGreaterThan(0);
  });

  it('a crash: stateless resolves its indeterminate operations and stays at 0 errors; stateful mints money', async () => {
    const result = await runAtm({ crash: ['server-1@1s'] });
    const stateful = design(result, 'stateful');
    const stateless = design(result, 'stateless');
    expect(stateful.faults[0]?.firedAtMs).toBeDefined();
    expect(stateless.consistency.errors).toBe(0);
    expect(stateless.consistency.moneyMintedCents).toBe(0);
    expect(stateless.consistency.moneyDestroyedCents).toBe(0);
    expect(stateful.consistency.byKind['money-minted']).toBeGreaterThan(0);
    expect(stateful.consistency.moneyMintedCents).toBeGreaterThan(0);
  });

  it('joint accounts: the naive read-modify-write loses updates; the atomic one keeps its books and completes every journey', async () => {
    const result = await runAtm({ arch: 'all', joint: '50%', think: '5ms' });
    const naive = design(result, 'stateless-naive');
    const stateless = design(result, 'stateless');
    expect(naive.consistency.byKind['lost-update']).toBeGreaterThan(0);
    expect((naive.consistency.moneyMintedCents ?? 0) + (naive.consistency.moneyDestroyedCents ?? 0)).toBeGreaterThan(0);
    expect(stateless.balancer).toBe('round-robin');
    expect(stateless.consistency.errors).toBe(0);
    for (const count of Object.values(stateless.consistency.byKind)) expect(count).toBe(0);
    expect(stateless.journeys.completed).toBe(stateless.journeys.started);
  });
});
