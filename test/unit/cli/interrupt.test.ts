import { describe, expect, it } from 'vitest';
import { interruptible } from '../../../src/cli/interrupt.js';
import type { CliIo } from '../../../src/cli/io.js';
import { AbortedError, exitCodeFor } from '../../../src/errors.js';

/** A CliIo whose signals the test sends by hand, and whose stderr it reads. */
function fakeIo() {
  let handler: ((signal: NodeJS.Signals) => void) | undefined;
  const err: string[] = [];
  const io: CliIo = {
    out: () => {},
    err: (text) => void err.push(text),
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    onSignal: (next) => {
      handler = next;
      return () => {
        handler = undefined;
      };
    },
  };
  return { io, err, send: (signal: NodeJS.Signals) => handler?.(signal) };
}

describe('interruptible', () => {
  it('aborts the run on the first signal with the signal named, and forces on the second', () => {
    const { io, err, send } = fakeIo();
    const forced: NodeJS.Signals[] = [];
    const { signal } = interruptible(io, (s) => void forced.push(s));
    send('SIGTERM');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(AbortedError);
    expect((signal.reason as AbortedError).signal).toBe('SIGTERM');
    expect(err.join('')).toContain('SIGTERM: stopping the fleet');
    expect(forced).toEqual([]);
    send('SIGINT');
    expect(forced).toEqual(['SIGINT']);
  });

  it('once the run is over, lets the reports finish on the first signal: no abort, no "stopping"', () => {
    const { io, err, send } = fakeIo();
    const forced: NodeJS.Signals[] = [];
    const { signal, finishing } = interruptible(io, (s) => void forced.push(s));
    finishing();
    send('SIGINT');
    expect(signal.aborted).toBe(false);
    expect(forced).toEqual([]);
    expect(err.join('')).not.toContain('stopping');
    expect(err.join('')).toContain('SIGINT: the run is over, finishing its reports');
    send('SIGINT');
    expect(forced).toEqual(['SIGINT']);
  });

  it('stops listening once disposed', () => {
    const { io, send } = fakeIo();
    const { signal, dispose } = interruptible(io, () => {
      throw new Error('must not force');
    });
    dispose();
    send('SIGINT');
    expect(signal.aborted).toBe(false);
  });
});

describe('exit code of an interrupted run', () => {
  it('is 128 + the signal number, as a shell reports a process killed by it', () => {
    expect(exitCodeFor(new AbortedError('interrupted by SIGINT', { signal: 'SIGINT' }))).toBe(130);
    expect(exitCodeFor(new AbortedError('interrupted by SIGTERM', { signal: 'SIGTERM' }))).toBe(143);
    expect(exitCodeFor(new AbortedError('aborted by the caller'))).toBe(130);
  });
});
