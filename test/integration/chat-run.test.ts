import { describe, expect, it } from 'vitest';
import type { RawRunOptions } from '../../src/config/run-config.js';
import type { DesignRun, RunResult } from '../../src/result.js';
import { design, runScenario } from '../helpers/runs.js';

const BASE: RawRunOptions = { users: '15', duration: '3s', think: '50ms', seed: '21' };

function runChat(raw: RawRunOptions, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return runScenario('chat', { ...BASE, ...raw }, env);
}

const kinds = (archRun: DesignRun) => archRun.consistency.byKind;

describe('chat, end to end over real WebSockets through the balancer', () => {
  it('without a fault, stateful loses messages between servers', async () => {
    // "Can't scale! Each user tied to one server." (The stateless design loses none even
    // with a crash, in the next test.)
    const stateful = design(await runChat({ arch: 'stateful' }), 'stateful');
    expect(stateful.faults).toEqual([]);
    expect(kinds(stateful).lost).toBeGreaterThan(0);
  });

  it('a crash: stateless users reconnect and miss nothing; stateful users lose messages, counts and presence', async () => {
    // Long enough after the crash that presence is judged past its grace period.
    const result = await runChat({ crash: ['server-1@1s'], duration: '4s' });
    const stateful = design(result, 'stateful');
    const stateless = design(result, 'stateless');
    expect(stateless.faults[0]?.firedAtMs).toBeDefined();
    // A failure shows the checker's examples: which user, server, message and time.
    const examples = JSON.stringify(stateless.consistency.examples ?? []);
    for (const kind of ['lost', 'duplicated', 'out-of-order', 'unread-mismatch', 'stale-presence', 'typing-lost']) {
      expect(kinds(stateless)[kind], `${kind}: ${examples}`).toBe(0);
    }
    expect(stateless.consistency.errors).toBe(0);
    expect(stateless.latencyByStep.delivery?.count).toBeGreaterThan(0);
    expect(stateless.histograms.delivery).toBeTypeOf('string');
    expect(stateless.memoryMb?.driver).toBeGreaterThan(0);
    expect(kinds(stateful).lost).toBeGreaterThan(0);
    expect(kinds(stateful)['unread-mismatch']).toBeGreaterThan(0);
    expect(kinds(stateful)['stale-presence']).toBeGreaterThan(0);
  });

  it('holds a couple of hundred connections in one run and reports memory', async () => {
    // Without REDIS_URL, so the private Redis's memory is measured too.
    const result = await runChat({ arch: 'stateless', users: '200', think: '500ms' }, {});
    const stateless = design(result, 'stateless');
    expect(stateless.journeys.started).toBeGreaterThanOrEqual(200);
    expect(stateless.consistency.errors).toBe(0);
    expect(Object.keys(stateless.memoryMb ?? {})).toEqual(expect.arrayContaining(['driver', 'balancer', 'server-1', 'redis']));
  });
});
