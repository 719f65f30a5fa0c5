import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig, type RawRunOptions } from '../../src/config/run-config.js';
import { run } from '../../src/orchestrator/run.js';
import type { DesignRun, RunResult } from '../../src/result.js';

/**
 * A whole run of `scenario` through the programmatic API (real fleets, the real balancer
 * process, a real Redis), its reports and logs in a fresh temporary folder.
 */
export function runScenario(scenario: string, raw: RawRunOptions, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const out = mkdtempSync(join(tmpdir(), `statebench-${scenario}-`));
  return run(parseRunConfig(scenario, { out, ...raw }, env));
}

/** The run of one design, or a clear failure when the result has none. */
export function design(result: RunResult, arch: string): DesignRun {
  const found = result.runs.find((candidate) => candidate.arch === arch);
  if (!found) throw new Error(`no ${arch} run in the result`);
  return found;
}
