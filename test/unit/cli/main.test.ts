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

describe('statebench usage errors name the flag and the value, before anything starts', () => {
  it.each([
    [['run', 'sushi'], '`<scenario>`', 'sushi'],
    [['run', 'pizza', '--users', '0'], '`--users`', '0'],
    [['run', 'pizza', '--servers', '-2'], '`--servers`', '-2'],
    [['run', 'pizza', '--balancer', 'fastest'], '`--balancer`', 'fastest'],
    [['run', 'pizza', '--crash', 'server-7'], '`--crash`', 'server-7'],
    [['run', 'pizza', '--crash', 'server-1@later'], '`--crash`', 'server-1@later'],
    [['run', 'pizza', '--duration', 'ten'], '`--duration`', 'ten'],
    // The rest of the open model's grammar is in test/unit/config/load-model.test.ts.
    [['run', 'pizza', '--rate', 'fast'], '`--rate`', 'fast'],
    [['run', 'chat', '--rate', '10/s'], '`--rate`', '10/s'],
    [['matrix', 'atm', '--ramp', '5/s:1s,x'], '`--ramp`', '5/s:1s,x'],
  ])('%j: exit 2, one line', async (argv, flag, value) => {
    const { code, out, err } = await cli(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(flag);
    expect(lines[0]).toContain(`\`${value}\``);
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
