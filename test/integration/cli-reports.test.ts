import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { statebench } from '../helpers/cli.js';

const ESC = String.fromCharCode(27);

describe('statebench run: progress, views, trace, interval log; statebench report', () => {
  const out = mkdtempSync(join(tmpdir(), 'statebench-views-'));
  const summary = join(out, 'step-summary.md');
  const hdrLog = join(out, 'latency.hlog');
  let stdout = '';
  let stderr = '';
  let jsonPath = '';

  beforeAll(async () => {
    writeFileSync(summary, '');
    const result = await statebench(
      ['run', 'pizza', '--users', '6', '--duration', '5s', '--seed', '3', '--crash', 'server-1@2s', '--trace', 'user-2', '--hdr-log', hdrLog, '--report', 'html,md', '--out', out],
      { GITHUB_STEP_SUMMARY: summary },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    ({ stdout, stderr } = result);
    jsonPath = /report: (.+\.json)/.exec(stdout)![1]!;
  }, 60_000);

  it('off a terminal, prints plain progress lines every few seconds and no cursor codes', () => {
    expect(stderr).not.toContain(ESC);
    for (const arch of ['stateful', 'stateless']) {
      const lines = stderr.split('\n').filter((line) => new RegExp(`^  ${arch}: \\d+\\.\\ds/5\\.0s journeys \\d+ errors \\d+`).test(line));
      expect(lines.length, stderr).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(4);
    }
    expect(stderr).toMatch(/stateful: crash server-1 at 2\.\ds/);
  });

  it("tells the traced user's story with the servers and the crash", () => {
    expect(stdout).toContain('user-2 on the stateful fleet (sticky balancer):');
    expect(stdout).toContain('user-2 on the stateless fleet (round-robin balancer):');
    expect(stdout).toMatch(/logs in as user-2 → server-\d: 200/);
    expect(stdout).toContain('⚡ crash server-1');
  });

  it('writes the HTML and Markdown views beside the JSON, and the Markdown to $GITHUB_STEP_SUMMARY', () => {
    const html = jsonPath.replace(/\.json$/, '.html');
    const md = jsonPath.replace(/\.json$/, '.md');
    expect(existsSync(html) && existsSync(md)).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readFileSync(summary, 'utf8')).toContain(readFileSync(md, 'utf8').trim());
  });

  it("writes HdrHistogram's interval log with one tag per design", () => {
    const log = readFileSync(hdrLog, 'utf8');
    expect(log).toContain('"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"');
    expect(log).toMatch(/^Tag=stateful,0\.000,1\.000,[\d.]+,HISTF/m);
    expect(log).toMatch(/^Tag=stateless,4\.000,1\.000,[\d.]+,HISTF/m);
  });

  it('re-renders the saved run in every format', async () => {
    const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const table = await statebench(['report', jsonPath]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain(`seed ${report.seed}`);
    const md = await statebench(['report', jsonPath, '--format', 'md']);
    expect(md.stdout).toMatch(/^\|.*stateful.*stateless.*\|$/m);
    const json = await statebench(['report', jsonPath, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(report);
  });

  it('refuses an unknown format or a file that is not a report, with exit 2', async () => {
    const format = await statebench(['report', jsonPath, '--format', 'pdf']);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('`--format`');
    const notJson = await statebench(['report', hdrLog]);
    expect(notJson.exitCode).toBe(2);
    expect(notJson.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a report of the wrong shape or with a corrupt histogram, exit 2, naming the file and the field', async () => {
    const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const noLatency = join(out, 'no-latency.json');
    writeFileSync(noLatency, JSON.stringify({ ...report, runs: [{ ...report.runs[0], latency: null }] }));
    const shape = await statebench(['report', noLatency]);
    expect(shape.exitCode).toBe(2);
    expect(shape.stderr).toBe(`statebench: \`${noLatency}\` is not a statebench report: runs[0].latency: expected an object, got null.`);
    const cut = join(out, 'cut-histogram.json');
    const overall = report.runs[1].histograms.overall as string;
    writeFileSync(cut, JSON.stringify({ ...report, runs: [report.runs[0], { ...report.runs[1], histograms: { overall: overall.slice(0, 40) } }] }));
    const corrupt = await statebench(['report', cut, '--format', 'html']);
    expect(corrupt.exitCode).toBe(2);
    expect(corrupt.stderr).toContain('runs[1].histograms.overall: expected an HDR histogram (compressed base64), got a corrupt one');
    expect(corrupt.stdout).toBe('');
  });

  it('re-renders a saved matrix in every format', async () => {
    const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const matrix = {
      schema: 'statebench/matrix@1', scenario: 'pizza', seed: report.seed, durationMs: report.durationMs, users: report.users, startedAt: report.startedAt,
      cells: [{ variant: { strategy: 'sticky', redispatch: false }, result: report }, { variant: { strategy: 'round-robin', redispatch: true }, result: report }],
    };
    const path = join(out, 'matrix.json');
    writeFileSync(path, JSON.stringify(matrix));
    const table = await statebench(['report', path]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain('statebench matrix · pizza');
    expect(table.stdout).toMatch(/^│ stateful +│/m);
    expect(table.stdout).toMatch(/^│ sticky, redispatch off │/m);
    const md = await statebench(['report', path, '--format', 'md']);
    expect(md.stdout).toMatch(/^\| stateless \| round-robin \|/m);
    const html = await statebench(['report', path, '--format', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>[\s\S]*<th scope="row">sticky, redispatch off<\/th>/);
    const json = await statebench(['report', path, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(matrix);
  });
});
