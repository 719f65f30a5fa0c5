import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { MATRIX_SCHEMA } from '../../../src/orchestrator/matrix.js';
import { readReport, readSaved, reportProblem } from '../../../src/report/read.js';
import { REPORT_JSON_SCHEMA, type JsonSchema } from '../../../src/report/schema.js';
import { firstProblem } from '../../../src/report/validate.js';
import { loadReport, REPORT_NAMES } from '../../fixtures/reports/load.js';
import { result } from './fixture.js';

const published = JSON.parse(readFileSync(new URL('../../../docs/report.schema.json', import.meta.url), 'utf8')) as JsonSchema;

/** A report as loose JSON, to be broken on purpose: no type fits it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** A copy of the fixture with one change made to it. */
function broken(change: (report: Loose) => void): unknown {
  const copy = structuredClone(result) as unknown as Loose;
  change(copy);
  return copy;
}

describe('the published report schema', () => {
  it('is docs/report.schema.json, as the reader uses it', () => {
    const regenerate = 'regenerate it: npm run build && node -e \'import("./dist/src/report/schema.js").then((m) => ' +
      'process.stdout.write(JSON.stringify(m.REPORT_JSON_SCHEMA, null, 2) + "\\n"))\' > docs/report.schema.json';
    expect(published, regenerate).toEqual(JSON.parse(JSON.stringify(REPORT_JSON_SCHEMA)));
  });

  it.each(REPORT_NAMES)('accepts the committed sample report %s', (name) => {
    const report = loadReport(name);
    expect(firstProblem(report, published)).toBeUndefined();
    expect(reportProblem(report)).toBeUndefined();
  });

  it('requires the fields CI relies on', () => {
    expect(published.required).toEqual(expect.arrayContaining(['schema', 'scenario', 'seed', 'durationMs', 'faults', 'runs']));
    expect(published.$defs!.run!.required).toEqual(expect.arrayContaining(
      ['arch', 'balancer', 'servers', 'journeys', 'sessionLoss', 'consistency', 'requests', 'latency', 'timeline'],
    ));
  });
});

describe('reportProblem names the first bad field', () => {
  it.each([
    ['a null latency', (r: Loose) => { r.runs[0].latency = null; }, 'runs[0].latency: expected an object, got null'],
    ['runs that are not a list', (r: Loose) => { r.runs = {}; }, 'runs: expected a list, got an object'],
    ['a missing run field', (r: Loose) => { delete r.runs[1].sessionLoss; }, 'runs[1].sessionLoss: expected an object, got nothing (the field is missing)'],
    ['a count as text', (r: Loose) => { r.runs[0].journeys.started = '412'; }, 'runs[0].journeys.started: expected an integer, got "412"'],
    ['a negative count', (r: Loose) => { r.runs[0].requests.byServer['server-1'] = -1; }, 'runs[0].requests.byServer.server-1: expected at least 0, got -1'],
    ['a missing seed', (r: Loose) => { delete r.seed; }, 'seed: expected an integer, got nothing (the field is missing)'],
    ['a timeline point without errors', (r: Loose) => { delete r.runs[0].timeline[0].errors; }, 'runs[0].timeline[0].errors: expected an integer, got nothing (the field is missing)'],
    ['a fault without a kind', (r: Loose) => { r.faults = [{ target: 'server-1' }]; }, 'faults[0].kind: expected a string, got nothing (the field is missing)'],
    ['a recovery as text', (r: Loose) => {
      const span = { fromMs: 0, toMs: 1, requests: 0, errors: 0, errorRate: 0, throughput: 0, lost: 0, latency: r.runs[0].latency };
      r.runs[0].phases = [{ label: 'x', startMs: 0, endMs: 0, before: span, during: span, after: span, recoveryMs: 'soon' }];
    }, 'runs[0].phases[0].recoveryMs: expected a number or null, got "soon"'],
    ['a run that is a list', (r: Loose) => { Object.assign(r, { runs: [[]] }); }, 'runs[0]: expected an object, got a list'],
  ])('%s', (_name, change, message) => {
    expect(reportProblem(broken(change))).toBe(message);
  });

  it('names a corrupt histogram as such, and accepts a real one', () => {
    const sample = loadReport('pizza-crash');
    const good = sample.runs[0]!.histograms.overall!;
    const cut = broken((r) => { r.runs[0].histograms = { overall: good.slice(0, 40) }; });
    expect(reportProblem(cut)).toBe('runs[0].histograms.overall: expected an HDR histogram (compressed base64), got a corrupt one (unexpected end of file)');
    const garbage = broken((r) => { r.runs[0].intervals = [{ t: 0, histogram: 'bm90IGEgaGlzdG9ncmFt' }]; });
    expect(reportProblem(garbage)).toMatch(/^runs\[0\]\.intervals\[0\]\.histogram: expected an HDR histogram \(compressed base64\), got a corrupt one \(.+\)$/);
    expect(reportProblem(broken((r) => { r.runs[0].histograms = { overall: good }; }))).toBeUndefined();
  });

  it('lets a report carry fields it does not list (an optional field keeps @1)', () => {
    expect(reportProblem(broken((r) => { r.model = 'open'; r.runs[0].journeys.dropped = 3; }))).toBeUndefined();
  });

  it('checks each cell of a matrix as a whole report', () => {
    const matrix = {
      schema: MATRIX_SCHEMA, scenario: 'pizza', seed: 1, durationMs: 1000, users: 2, startedAt: result.startedAt,
      cells: [
        { variant: { strategy: 'round-robin', redispatch: true }, result },
        { variant: { strategy: 'sticky', redispatch: false }, result: broken((r) => { r.runs[1].latency = null; }) },
      ],
    };
    expect(reportProblem(matrix, 'matrix')).toBe('cells[1].result.runs[1].latency: expected an object, got null');
    expect(reportProblem({ ...matrix, cells: [matrix.cells[0]] }, 'matrix')).toBeUndefined();
  });
});

describe('readSaved and readReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statebench-read-'));
  const save = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  const messageOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  };

  it('refuses a report of the wrong shape with one line naming the file and the field', async () => {
    const path = save('bad.json', broken((r) => { r.runs[0].latency = null; }));
    expect(await messageOf(readSaved(path))).toBe(`\`${path}\` is not a statebench report: runs[0].latency: expected an object, got null.`);
  });

  it('refuses text that is not JSON, and JSON without a known schema', async () => {
    const text = save('text.json', 'hello');
    expect(await messageOf(readSaved(text))).toBe(`Expected a JSON report, got \`${text}\`, which is not JSON.`);
    const other = save('other.json', { schema: 'k6/summary' });
    expect(await messageOf(readSaved(other))).toBe(
      `Expected a report with schema statebench/report@1 or statebench/matrix@1, got \`${other}\` with schema \`k6/summary\`.`,
    );
    const none = save('null.json', 'null');
    expect(await messageOf(readSaved(none))).toContain('with schema none.');
  });

  it('reads a run report and a matrix, and tells them apart', async () => {
    const run = save('run.json', result);
    expect(await readSaved(run)).toEqual({ kind: 'report', result });
    const matrix = { schema: MATRIX_SCHEMA, scenario: 'pizza', seed: 1, durationMs: 1000, users: 2, startedAt: result.startedAt, cells: [] };
    const matrixPath = save('matrix.json', matrix);
    expect(await readSaved(matrixPath)).toEqual({ kind: 'matrix', matrix });
    expect(await messageOf(readReport(matrixPath))).toContain('a matrix (statebench/matrix@1)');
  });
});
