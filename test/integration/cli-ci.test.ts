import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { DesignRun, RunResult } from '../../src/result.js';
import { statebench } from '../helpers/cli.js';
import { parseXml } from '../helpers/xml.js';
import { result as fixture } from '../unit/report/fixture.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'statebench-ci-'));

function save(name: string, report: RunResult): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

/** Repeats of each design whose p99s are the given values (the rest as in the fixture). */
function withP99s(p99s: Record<string, number[]>): RunResult {
  const runs: DesignRun[] = fixture.runs.flatMap((run) =>
    (p99s[run.arch] ?? [run.latency.p99]).map((p99, index) => ({ ...run, repeat: index + 1, latency: { ...run.latency, p99 } })),
  );
  return { ...fixture, runs };
}

describe('statebench for CI: assertions and compare', () => {
  it('a failing assertion exits 1, printing the assertion and the value observed; a holding one exits 0', async () => {
    const args = ['run', 'pizza', '--arch', 'stateless', '--users', '2', '--duration', '1s', '--seed', '1', '--quiet'];
    const junit = join(dir, 'junit.xml');
    // Two independent runs, side by side, each with its own folder.
    const [failing, holding] = await Promise.all([
      statebench([...args, '--out', dir, '--junit', junit, '--assert', 'stateless.sessionLoss.rate == 0', '--assert', 'stateless.latency.p99 < 0.001']),
      statebench([...args, '--out', join(dir, 'holding'), '--assert', 'stateless.journeys.started > 0']),
    ]);
    expect(failing.exitCode, failing.stderr).toBe(1);
    // The JUnit file as a CI test reporter reads it: one passing and one failing test case.
    const suites = parseXml(readFileSync(junit, 'utf8'));
    expect(suites.attributes).toMatchObject({ tests: '2', failures: '1' });
    const cases = suites.children[0]!.children;
    expect(cases.map((c) => [c.attributes.name, c.children.length])).toEqual([
      ['stateless.sessionLoss.rate == 0', 0],
      ['stateless.latency.p99 < 0.001', 1],
    ]);
    expect(cases[1]!.children[0]!.name).toBe('failure');
    expect(cases[1]!.children[0]!.attributes.message).toMatch(/^observed [\d.]+$/);
    expect(failing.stdout).toMatch(/✓ stateless\.sessionLoss\.rate == 0/);
    expect(failing.stdout).toMatch(/✗ stateless\.latency\.p99 < 0\.001: observed [\d.]+/);
    expect(failing.stdout).toMatch(/report: .+\.json/);
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

  it('checks every assertion against the run before the load: a misspelt design exits 2 and writes nothing', async () => {
    const out = join(dir, 'never-written');
    const result = await statebench(['run', 'pizza', '--users', '2', '--duration', '1s', '--out', out, '--assert', 'stateles.latency.p99 < 50']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('statebench: Expected `--assert` to name a design of this run (stateful, stateless), got `stateles` in `stateles.latency.p99 < 50`.');
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    const figure = await statebench(['matrix', 'pizza', '--arch', 'stateless', '--out', out, '--assert', 'stateless.latency.p99x < 50']);
    expect(figure.exitCode).toBe(2);
    expect(figure.stderr).toContain('`latency` has no field `p99x`');
    expect(existsSync(out)).toBe(false);
  });

  it('compare refuses runs whose settings differ, one line each, unless --allow-different', async () => {
    const base = save('settings-base.json', fixture);
    const head = save('settings-head.json', { ...fixture, users: 20, durationMs: 4000 });
    const refused = await statebench(['compare', base, head]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([
      `statebench: Expected \`${base}\` and \`${head}\` to share their settings, got users: 50 in base, 20 in head (--allow-different compares them anyway).`,
      `statebench: Expected \`${base}\` and \`${head}\` to share their settings, got duration: 10.0s in base, 4.0s in head (--allow-different compares them anyway).`,
    ]);
    const allowed = await statebench(['compare', base, head, '--allow-different']);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('base: pizza · stateful, stateless · 50 users · 10.0s · seed 42');
    expect(allowed.stdout).toContain('head: pizza · stateful, stateless · 20 users · 4.0s · seed 42');
    expect(allowed.stdout).toContain('note: compared although the settings differ: users: 50 in base, 20 in head');
  });

  it('compare refuses a file that is not a report, naming it and its first bad field', async () => {
    const base = save('shape-base.json', fixture);
    const broken = structuredClone(fixture) as unknown as { runs: { latency: unknown }[] };
    broken.runs[0]!.latency = null;
    const head = save('shape-head.json', broken as unknown as RunResult);
    const result = await statebench(['compare', base, head]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`statebench: \`${head}\` is not a statebench report: runs[0].latency: expected an object, got null.`);
  });

  // One matrix run (it is seven runs) serves every matrix check.
  it('matrix: every balancer setting with the same seed and faults, its views and JUnit, and exit 1 when an assertion breaks in any setting', async () => {
    const out = join(dir, 'matrix');
    const junit = join(out, 'matrix-junit.xml');
    const result = await statebench([
      'matrix', 'pizza', '--arch', 'stateful', '--servers', '2', '--users', '2', '--duration', '1s', '--seed', '5', '--quiet', '--out', out,
      '--crash', 'server-1@500ms',
      '--report', 'html,md', '--junit', junit, '--assert', 'stateful.journeys.started > 0', '--assert', 'stateful.latency.p99 < 0.001',
    ]);
    expect(result.exitCode, result.stderr).toBe(1);
    // A table per design, headed by it, a row per balancer setting.
    expect(result.stdout).toMatch(/^│ stateful +│/m);
    for (const setting of ['round-robin', 'random', 'least-connections', 'sticky, redispatch on', 'sticky, redispatch off', 'hash, redispatch on', 'hash, redispatch off']) {
      expect(result.stdout).toMatch(new RegExp(`^│ ${setting} +│`, 'm'));
    }
    const jsonPath = /report: (.+\.json)/.exec(result.stdout)![1]!;
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as { schema: string; cells: { result: { runs: { faults: { target: string; atMs: number }[] }[] } }[] };
    expect(report.schema).toBe('statebench/matrix@1');
    expect(report.cells).toHaveLength(7);
    for (const cell of report.cells) expect(cell.result.runs[0]!.faults[0]).toMatchObject({ target: 'server-1', atMs: 500 });
    expect(readFileSync(jsonPath.replace(/\.json$/, '.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(jsonPath.replace(/\.json$/, '.md'), 'utf8')).toMatch(/^\| stateful \| sticky, redispatch off \|/m);
    expect(result.stdout).toMatch(/sticky, redispatch off:\n {2}✓ stateful\.journeys\.started > 0: observed \d+\n {2}✗ stateful\.latency\.p99 < 0\.001: observed [\d.]+\n/);
    const suites = parseXml(readFileSync(junit, 'utf8'));
    expect(suites.children).toHaveLength(7);
    expect(suites.attributes).toMatchObject({ tests: '14', failures: '7' });
    const table = await statebench(['report', jsonPath, '--format', 'md']);
    expect(table.exitCode).toBe(0);
    // execa drops the last newline of what was printed.
    expect(table.stdout).toBe(readFileSync(jsonPath.replace(/\.json$/, '.md'), 'utf8').trimEnd());
  });
});

/** A step of a GitHub Actions job, as far as this test reads it. */
interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
}

interface WorkflowJob {
  readonly services?: Record<string, { image: string; ports: string[] }>;
  readonly env: Record<string, string>;
  readonly steps: readonly WorkflowStep[];
}

/** The workflow of docs/ci.md, parsed by a real YAML parser (js-yaml, which eslint brings). */
function ciWorkflow(): WorkflowJob {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)\n```/.exec(doc)![1]!;
  const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  const workflow = load(yaml) as { jobs: Record<string, WorkflowJob> };
  return Object.values(workflow.jobs)[0]!;
}

describe('the GitHub Actions workflow of docs/ci.md', () => {
  it('runs as written: its shell steps, in order, with a shorter load', async () => {
    const job = ciWorkflow();
    expect(Object.values(job.services ?? {}).map((s) => s.image)).toEqual(['redis:7']);
    // The workspace: this checkout as the head, and again as `base` (what the skipped
    // `actions/checkout` step with `path: base` would put there).
    const workspace = mkdtempSync(join(tmpdir(), 'statebench-workflow-'));
    for (const entry of ['bin', 'dist', 'targets', 'node_modules', 'package.json']) symlinkSync(join(ROOT, entry), join(workspace, entry));
    symlinkSync(ROOT, join(workspace, 'base'));
    // `npm ci` and `npm run build` would reinstall and rebuild the tree under test (built
    // already for the integration tests); any other npm command is a change this test must see.
    const shims = join(workspace, '.shims');
    mkdirSync(shims);
    writeFileSync(join(shims, 'npm'), [
      '#!/usr/bin/env bash',
      'args=" $* "; args=${args/ --prefix base / }; args=$(echo $args)',
      'case "$args" in ci|"run build") echo "skipped in the test: npm $*"; exit 0;; esac',
      'echo "unexpected: npm $*" >&2; exit 97',
    ].join('\n'), { mode: 0o755 });
    const summary = join(workspace, 'step-summary.md');
    writeFileSync(summary, '');
    const env = {
      ...job.env,
      LOAD: '--users 2 --duration 1s --repeat 2',
      REDIS_URL: process.env.REDIS_URL ?? job.env.REDIS_URL!,
      GITHUB_STEP_SUMMARY: summary,
      NO_COLOR: '1',
      PATH: `${shims}:${process.env.PATH}`,
    };
    const ran: { name: string; exitCode: number | undefined; output: string }[] = [];
    const skipped: string[] = [];
    for (const step of job.steps) {
      if (step.run === undefined) {
        skipped.push(step.uses!);
        continue;
      }
      expect(step.run, 'a run: step the shell can run as it is').not.toContain('${{');
      // As GitHub runs a `run:` step: bash, -e, pipefail, in the workspace.
      const result = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: workspace, env, reject: false, all: true });
      ran.push({ name: step.name ?? step.run, exitCode: result.exitCode, output: result.all });
    }
    expect(skipped).toEqual([
      'actions/checkout@v4', 'actions/setup-node@v4', 'actions/checkout@v4', 'mikepenz/action-junit-report@v5', 'actions/upload-artifact@v4',
    ]);
    const byName = Object.fromEntries(ran.map((step) => [step.name, step]));
    for (const step of ran) {
      // On 1 s runs the p99 threshold may see a regression (exit 1); anything else is the recipe failing.
      const allowed = step.name.startsWith('Compare') ? [0, 1] : [0];
      expect(allowed, `${step.name}: ${step.output}`).toContain(step.exitCode);
    }
    expect(byName['Install and build the head']!.output).toContain('skipped in the test: npm ci');
    const out = join(workspace, job.env.OUT!);
    expect(readdirSync(join(out, 'base')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(readdirSync(join(out, 'head')).filter((f) => /\.(json|html|md)$/.test(f)).map((f) => f.split('.').pop()).sort()).toEqual(['html', 'json', 'md']);
    const cases = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')).children[0]!.children;
    expect(cases.map((c) => c.attributes.name)).toEqual(['stateless.sessionLoss.rate == 0', 'stateless.consistency.errors == 0']);
    const compared = readFileSync(join(out, 'compare.txt'), 'utf8');
    expect(compared).toMatch(/^statebench compare\nbase: pizza · stateful, stateless · 2 users · 1\.0s · seed 42 ·\n {2}faults crash server-1 @ 0\.4s/);
    const written = readFileSync(summary, 'utf8');
    // The head's Markdown once (the baseline's is kept off the summary), then the comparison.
    expect(written.match(/^### statebench · pizza · seed 42/gm)).toHaveLength(1);
    expect(written.indexOf('### statebench · pizza')).toBeLessThan(written.indexOf('### statebench compare'));
    expect(written).toContain(`### statebench compare\n\`\`\`\n${compared}\`\`\``);
  }, 180_000);
});
