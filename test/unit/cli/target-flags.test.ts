import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';

/** The whole command in-process: what it printed and the exit code. */
async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const printed = { out: '', err: '' };
  const io: CliIo = {
    out: (text) => void (printed.out += text),
    err: (text) => void (printed.err += text),
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    onSignal: () => () => {},
  };
  const code = await main(['node', 'statebench', ...argv], io);
  return { code, ...printed };
}

const folder = mkdtempSync(join(tmpdir(), 'sb-target-flags-'));
const file = join(folder, 'mine.json');
writeFileSync(
  file,
  JSON.stringify({
    scenario: 'pizza',
    designs: { memory: { command: 'node', args: ['app.js'], store: 'none' }, shared: { command: 'node', args: ['app.js'], store: 'redis' } },
  }),
);

describe('--target and --design on the command line (refused before any load)', () => {
  it('checks --assert against the designs of the file', async () => {
    const { code, err } = await cli(['run', 'pizza', '--target', file, '--assert', 'stateless.sessionLoss.rate == 0', '--out', folder]);
    expect(code).toBe(2);
    expect(err).toBe('statebench: Expected `--assert` to name a design of this run (memory, shared), got `stateless` in `stateless.sessionLoss.rate == 0`.\n');
  });

  it.each([
    [['run', 'atm', '--target', file], `statebench: Target file \`${file}\`: expected \`scenario\` to be atm (the scenario of the command), got \`pizza\`.\n`],
    [['matrix', 'pizza', '--target', file, '--design', 'stateful'], `statebench: Expected \`--design\` to be one of all, memory, shared (the designs of \`${file}\`), or a comma list of them, got \`stateful\`.\n`],
    [['fleet', 'pizza', '--target', file, '--arch', 'stateless'], `statebench: Expected \`--arch\` to be one of memory, shared (the designs of \`${file}\`), got \`stateless\`.\n`],
    [['run', 'pizza', '--store', 'mongo'], 'statebench: Expected `--store` to be one of auto, redis, sqlite, got `mongo`.\n'],
    [['check', 'pizza', '--target', file, '--store', 'sqlite'], `statebench: Expected \`--store\` to be a store that design \`shared\` of \`${file}\` runs on (redis), or auto, got \`sqlite\`.\n`],
    [
      ['run', 'pizza', '--design', 'stateful', '--fault', 'store-crash@1s+1s'],
      'statebench: Expected `--fault store-crash@1s+1s` to have a store to act on, got only designs that keep their state in process memory (stateful): add a design with a store, such as --design both.\n',
    ],
  ])('%j exits 2 with one line', async (argv, line) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(2);
    expect(err).toBe(line);
  });
});

describe('statebench scenarios', () => {
  it('lists each design from its target file, with its store and what auto balancing deploys', async () => {
    const { code, out } = await cli(['scenarios']);
    expect(code).toBe(0);
    const pizza = out.split('\n').slice(1, 3);
    expect(pizza).toEqual([
      '  stateful         store none (state in process memory); --balancer auto = sticky',
      '  stateless        store redis or sqlite (--store); --balancer auto = round-robin',
    ]);
    expect(out).toContain('  stateless-naive  store redis or sqlite (--store); --balancer auto = round-robin');
    expect(out).toMatch(/\(.*targets\/chat\/designs\.json\)/);
  });
});
