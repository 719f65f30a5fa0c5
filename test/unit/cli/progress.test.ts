import { describe, expect, it } from 'vitest';
import { ProgressPrinter } from '../../../src/cli/progress.js';
import type { CliIo } from '../../../src/cli/io.js';
import { parseRunConfig } from '../../../src/config/run-config.js';

function fakeIo(tty: boolean, columns?: number): CliIo & { written: string } {
  const io = {
    written: '',
    out: () => {},
    err: (text: string) => {
      io.written += text;
    },
    env: {},
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    ...(columns ? { columns } : {}),
    onSignal: () => () => {},
  };
  return io;
}

const config = parseRunConfig('pizza', { duration: '10s', seed: '1' });
const tick = (elapsedMs: number) => ({ type: 'progress' as const, design: 'stateful' as const, elapsedMs, journeys: 7, lost: 1, failed: 0, errors: 2 });

describe('progress', () => {
  it('off a terminal: a plain line every two seconds, faults as they fire, no control codes', () => {
    const io = fakeIo(false);
    const printer = new ProgressPrinter(io, config);
    for (let ms = 1000; ms <= 10_000; ms += 1000) printer.handle(tick(ms));
    printer.handle({ type: 'fault', design: 'stateful', fault: { kind: 'crash', target: 'server-1', label: 'crash server-1', firedAtMs: 4000 } });
    const lines = io.written.trim().split('\n');
    expect(lines.filter((line) => line.includes('journeys 7 errors 2 lost 1'))).toHaveLength(5);
    expect(lines).toContain('  stateful: crash server-1 at 4.0s');
    expect(io.written).not.toContain(String.fromCharCode(27));
  });

  it('on a terminal: one line redrawn in place, cut to the width, with the faults so far', () => {
    const io = fakeIo(true, 60);
    const printer = new ProgressPrinter(io, config);
    printer.handle({ type: 'fault', design: 'stateful', fault: { kind: 'crash', target: 'server-1', label: 'crash server-1', firedAtMs: 4000 } });
    printer.handle(tick(5000));
    printer.handle(tick(6000));
    printer.finish();
    const redraws = io.written.split('\r\u001b[2K').filter(Boolean);
    expect(redraws).toHaveLength(2);
    for (const redraw of redraws) expect(redraw.replace(/\n$/, '').length).toBeLessThanOrEqual(59);
    expect(io.written.endsWith('\n')).toBe(true);
  });
});
