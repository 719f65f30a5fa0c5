import { describe, expect, it } from 'vitest';
import { execNotes, parseExecSpec, runCommand } from '../../../src/chaos/faults/exec.js';
import { parseFaultSpec } from '../../../src/chaos/spec.js';
import { scheduleFaults } from '../../../src/chaos/scheduler.js';
import { planFaults } from '../../../src/chaos/plan.js';
import { createClock } from '../../../src/driver/clock.js';

const run = { durationMs: 10_000, servers: 3 };

describe('exec: the grammar of a fault that is a command', () => {
  it.each([
    ['exec:docker compose kill pizza-1@4s', { command: 'docker compose kill pizza-1', when: { at: 4000 } }],
    ['exec:docker compose kill pizza-1', { command: 'docker compose kill pizza-1', when: { at: 4000 } }],
    ['exec:ssh me@host reboot', { command: 'ssh me@host reboot', when: { at: 4000 } }],
    ['exec:ssh me@host reboot@2s', { command: 'ssh me@host reboot', when: { at: 2000 } }],
    ['exec:docker compose stop a@4s+3s,revert=docker compose start a', { command: 'docker compose stop a', revert: 'docker compose start a', spanMs: 3000 }],
    ['exec:iptables -A INPUT -j DROP@every=3s,revert=iptables -D INPUT -j DROP', { when: { everyMs: 3000 }, spanMs: 2000, revert: 'iptables -D INPUT -j DROP' }],
    ['exec:kill -9 1234@after=20journeys', { command: 'kill -9 1234', when: { afterJourneys: 20 } }],
  ])('%s', (text, expected) => {
    const parsed = parseFaultSpec(text, run);
    expect(parsed.ok && parsed.value).toMatchObject({ kind: 'exec', text, params: {}, ...expected });
  });

  it.each([
    ['exec:', 'a command after exec:'],
    ['exec:@4s', 'a command after exec:'],
    ['exec:kill 1@4s+2s', 'a +span only with ,revert=COMMAND'],
    ['exec:kill 1@4s,revert=', 'a command after revert='],
    ['exec:kill 1@40s', 'a time inside the 10s run'],
    ['exec:kill 1@4s+2s+3s,revert=x', 'a single +span'],
  ])('%s is refused, saying what was expected', (text, expected) => {
    const parsed = parseExecSpec(text, run);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.expected).toContain(expected);
  });
});

describe('exec: running the command', () => {
  it('keeps the exit code and the output, stdout and stderr together', async () => {
    expect(await runCommand('echo out; echo err >&2; exit 3')).toEqual({ command: 'echo out; echo err >&2; exit 3', exitCode: 3, output: 'out\nerr' });
  });

  it('cuts a long output to its first 2000 characters, saying how much more there was', async () => {
    const record = await runCommand("head -c 2500 /dev/zero | tr '\\0' x");
    expect(record.output).toMatch(/^x{2000}… \(500 more characters\)$/);
  });

  it('fires, reverts after the span, and records both commands; a failing one becomes a note', async () => {
    const spec = parseFaultSpec('exec:echo fired@0ms+50ms,revert=echo reverted; exit 1', run);
    if (!spec.ok) throw new Error(spec.expected);
    const failures: string[] = [];
    const schedule = scheduleFaults({
      faults: planFaults([spec.value], { seed: 1, ...run }),
      clock: createClock(),
      context: {},
      listener: { failed: (_planned, error) => failures.push(String(error)) },
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await schedule.stop();
    const [record] = schedule.records();
    expect(record!.exec).toEqual({ command: 'echo fired', exitCode: 0, output: 'fired', revert: { command: 'echo reverted; exit 1', exitCode: 1, output: 'reverted' } });
    expect(failures).toEqual(['Error: revert `echo reverted; exit 1` exited 1: reverted']);
    expect(execNotes([record!])).toEqual([expect.stringContaining('`echo reverted; exit 1` exited 1: reverted')]);
  });

  it('in a shard that does not fire, records the window at its planned time without running anything', async () => {
    const spec = parseFaultSpec('exec:touch /nonexistent-dir/x@0ms+20ms,revert=false', run);
    if (!spec.ok) throw new Error(spec.expected);
    const schedule = scheduleFaults({ faults: planFaults([spec.value], { seed: 1, ...run }), clock: createClock(), context: {}, recordOnly: { firedByShard: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await schedule.stop();
    const [record] = schedule.records();
    expect(record).toMatchObject({ kind: 'exec', firedByShard: 1, atMs: 0 });
    expect(record!.exec).toBeUndefined();
    expect(record!.endedAtMs! - record!.firedAtMs!).toBeGreaterThanOrEqual(20);
  });
});

describe('a fault window', () => {
  it('is never recorded shorter than its span, even when the timers run ahead of the run clock', async () => {
    // A run clock at half speed: a 40 ms timer is over when the clock says 20 ms. Node's
    // timers run ahead of the clock by up to a millisecond in real runs, the same way.
    const real = createClock();
    const slow = { now: () => real.now() / 2, sleep: real.sleep };
    const spec = parseFaultSpec('exec:true@0ms+40ms,revert=true', run);
    if (!spec.ok) throw new Error(spec.expected);
    const schedule = scheduleFaults({ faults: planFaults([spec.value], { seed: 1, ...run }), clock: slow, context: {}, recordOnly: { firedByShard: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await schedule.stop();
    const [record] = schedule.records();
    expect(record!.endedAtMs! - record!.firedAtMs!).toBeGreaterThanOrEqual(40);
  });
});
