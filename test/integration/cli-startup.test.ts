/**
 * `--help` and a command's `--help` load only the command line: no scenario, fleet,
 * balancer or report code and none of the heavy packages, which are imported only when a
 * command runs. Checked on the modules the process imports (a resolve hook records them,
 * test/fixtures/record-imports.mjs), not on a time.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const RECORD = fileURLToPath(new URL('../fixtures/record-imports.mjs', import.meta.url));
const HEAVY = ['undici', 'ioredis', 'execa', 'better-sqlite3', 'ws', 'hdr-histogram-js', 'cli-table3'];

/** Runs the CLI with `args`; resolves with its stdout and the package names and statebench modules it imported. */
async function imported(args: readonly string[]) {
  const log = join(mkdtempSync(join(tmpdir(), 'statebench-imports-')), 'imports.log');
  const result = await execa(process.execPath, ['--import', RECORD, BIN, ...args], { env: { STATEBENCH_IMPORT_LOG: log }, reject: false });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? []));
  const own = urls.filter((url) => url.includes('/dist/src/')).map((url) => url.slice(url.indexOf('/dist/src/') + '/dist/src/'.length));
  return { ...result, packages, own };
}

describe('start-up', () => {
  it.each([[['--help']], [['run', '--help']], [['matrix', '--help']], [['fleet', '--help']]])(
    '%j loads the command line only',
    async (args) => {
      const { exitCode, stdout, packages, own } = await imported(args);
      expect(exitCode).toBe(0);
      expect(stdout).toMatch(/^Usage: statebench/);
      expect(packages).toContain('commander');
      for (const name of HEAVY) expect(packages).not.toContain(name);
      expect(own.filter((path) => /^(cli\/actions|scenarios|fleet|balancer|orchestrator|report|driver)\//.test(path))).toEqual([]);
    },
  );

  it('a command that runs loads its code when it runs', async () => {
    const { exitCode, stdout, packages, own } = await imported(['faults']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('--fault kind');
    expect(own).toContain('cli/actions/faults.js');
    expect(packages).not.toContain('undici');
  });
});
