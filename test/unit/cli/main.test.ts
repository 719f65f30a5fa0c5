import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { main, oneLine } from '../../../src/cli/main.js';

/** The whole command in-process: what it printed and the exit code. */
async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const printed = { out: '', err: '' };
  const io: CliIo = {
    out: (text) => {
      printed.out += text;
    },
    err: (text) => {
      printed.err += text;
    },
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    onSignal: () => () => {},
  };
  const code = await main(['node', 'statebench', ...argv], io);
  return { code, ...printed };
}

describe('statebench usage errors: one line each, exit 2', () => {
  it.each([
    [['run', 'pizza', '--foo'], "statebench: unknown option '--foo'"],
    [['run', 'pizza', '--dration', '2s'], "statebench: unknown option '--dration' (did you mean --duration?)"],
    [['scenarios', 'pizza'], 'statebench: unexpected argument `pizza` for `scenarios` (it takes none).'],
    [['faults', 'pause'], 'statebench: unexpected argument `pause` for `faults` (it takes none).'],
    [['run', 'pizza', 'atm'], 'statebench: unexpected argument `atm` for `run` (it takes one: <scenario>).'],
    [['compare', 'a.json', 'b.json', 'c.json'], 'statebench: unexpected argument `c.json` for `compare` (it takes two: <base.json> <head.json>).'],
    [['rn'], "statebench: unknown command 'rn' (did you mean run?)"],
  ])('%j', async (argv, line) => {
    const { code, out, err } = await cli(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`${line}\n`);
  });

  it('still runs a command given what it takes', async () => {
    const { code, out } = await cli(['scenarios']);
    expect(code).toBe(0);
    expect(out).toMatch(/^pizza /);
  });
});

describe('oneLine', () => {
  it("folds commander's suggestion onto the error's line", () => {
    expect(oneLine("error: unknown option '--userz'\n(Did you mean --users?)\n")).toBe("statebench: unknown option '--userz' (did you mean --users?)\n");
    expect(oneLine("error: unknown option '--q'\n(Did you mean one of --quiet, --seed?)\n")).toBe(
      "statebench: unknown option '--q' (did you mean one of --quiet, --seed?)\n",
    );
  });
});
