import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchRun, RunResult } from '../../src/result.js';
import { statebench } from '../helpers/cli.js';
import { result as fixture } from '../unit/report/fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'statebench-ci-'));

function save(name: string, report: RunResult): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

/** Repeats of each design whose p99s are the given values (the rest as in the fixture). */
function withP99s(p99s: Record<string, number[]>): RunResult {
  const runs: ArchRun[] = fixture.runs.flatMap((run) =>
    (p99s[run.arch] ?? [run.latency.p99]).map((p99, index) => ({ ...run, repeat: index + 1, latency: { ...run.latency, p99 } })),
  );
  return { ...fixture, runs };
}

describe('statebench for CI: assertions and compare', () => {
  it('a failing assertion exits 1, printing the assertion and the value observed; a holding one exits 0', async () => {
    const args = ['run', 'pizza', '--arch', 'stateless', '--users', '2', '--duration', '1s', '--seed', '1', '--quiet', '--out', dir];
    const failing = await statebench([...args, '--assert', 'stateless.sessionLoss.rate == 0', '--assert', 'stateless.latency.p99 < 0.001']);
    expect(failing.exitCode, failing.stderr).toBe(1);
    expect(failing.stdout).toMatch(/✓ stateless\.sessionLoss\.rate == 0/);
    expect(failing.stdout).toMatch(/✗ stateless\.latency\.p99 < 0\.001: observed [\d.]+/);
    expect(failing.stdout).toMatch(/report: .+\.json/);
    const holding = await statebench([...args, '--assert', 'stateless.journeys.started > 0']);
    expect(holding.exitCode, holding.stdout).toBe(0);
  });

  it('refuses a malformed assertion or threshold with exit 2 and one line', async () => {
    const assertion = await statebench(['run', 'pizza', '--assert', 'latency.p99 <']);
    expect(assertion.exitCode).toBe(2);
    expect(assertion.stderr.trim().split('\n')).toHaveLength(1);
    expect(assertion.stderr).toContain('`--assert`');
    const base = save('base-single.json', fixture);
    const threshold = await statebench(['compare', base, base, '--threshold', 'latency.p99=10%']);
    expect(threshold.exitCode).toBe(2);
    expect(threshold.stderr).toContain('`--threshold`');
  });

  it('compare: a regression beyond a threshold exits 1, a change within it exits 0', async () => {
    const base = save('base.json', fixture);
    const slower = structuredClone(fixture) as unknown as { runs: { latency: { p99: number } }[] };
    slower.runs[1]!.latency.p99 = fixture.runs[1]!.latency.p99 * 1.5;
    const head = save('head.json', slower as unknown as RunResult);
    const regressed = await statebench(['compare', base, head, '--threshold', 'latency.p99=+10%']);
    expect(regressed.exitCode, regressed.stdout).toBe(1);
    expect(regressed.stdout).toMatch(/regression/i);
    const tolerated = await statebench(['compare', base, head, '--threshold', 'latency.p99=+60%']);
    expect(tolerated.exitCode, tolerated.stdout).toBe(0);
  });

  it('compare with repeats: noise within the confidence interval exits 0, a clear shift exits 1', async () => {
    const base = save('base-repeats.json', withP99s({ stateless: [10, 14, 9, 13, 11] }));
    const noisy = save('head-noisy.json', withP99s({ stateless: [12, 10, 15, 11, 13] }));
    const shifted = save('head-shifted.json', withP99s({ stateless: [20, 21, 20, 22, 21] }));
    const noise = await statebench(['compare', base, noisy, '--threshold', 'stateless.latency.p99=+5%']);
    expect(noise.exitCode, noise.stdout).toBe(0);
    expect(noise.stdout).toMatch(/noise/i);
    const shift = await statebench(['compare', base, shifted, '--threshold', 'stateless.latency.p99=+5%']);
    expect(shift.exitCode, shift.stdout).toBe(1);
    expect(JSON.parse(readFileSync(base, 'utf8')).runs).toHaveLength(6);
  });
});
