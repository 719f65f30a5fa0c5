/**
 * statebench itself as a bench subject: the CLI run as a child with its own CPU time and
 * peak memory reported on exit (bench/lib/cpu-on-exit.mjs), its report read back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, runNode } from './procs.mjs';

const BIN = path.join(ROOT, 'bin', 'statebench.js');

/**
 * `statebench <args> --quiet --out <tmp>`; resolves with the report (when one was written),
 * the driver's CPU µs and peak RSS, the wall time, and each stderr line with its time (ms).
 */
export async function statebench(args) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'statebench-bench-run-'));
  const started = performance.now();
  const run = await runNode([BIN, ...args, '--quiet', '--out', out], { env: { NO_COLOR: '1' } });
  const reportPath = /report: (\S+\.json)/.exec(run.stdout)?.[1];
  const report = reportPath ? JSON.parse(fs.readFileSync(reportPath, 'utf8')) : undefined;
  fs.rmSync(out, { recursive: true, force: true });
  return { ...run, report, wallMs: performance.now() - started };
}
