import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRealPid, isRunning, signalChild, signalPid } from '../../../src/fleet/signal.js';

const exited = (child: ChildProcess) => once(child, 'close');

describe('signalChild', () => {
  it('does not signal a child whose spawn failed (no pid: Node would signal the whole process group)', async () => {
    const child = spawn('statebench-test-no-such-command', [], { stdio: 'ignore' });
    const failed = once(child, 'error');
    expect(child.pid).toBeUndefined();
    expect(isRunning(child)).toBe(false);
    expect(signalChild(child, 'SIGKILL')).toBe(false);
    const [error] = (await failed) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ENOENT');
    expect(signalChild(child, 'SIGKILL')).toBe(false);
  });

  it('signals a running child, and no longer once Node has seen it exit (its pid may be reused)', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const closed = exited(child);
    expect(isRunning(child)).toBe(true);
    expect(signalChild(child, 'SIGKILL')).toBe(true);
    await closed;
    expect(child.signalCode).toBe('SIGKILL');
    expect(isRunning(child)).toBe(false);
    expect(signalChild(child, 'SIGKILL')).toBe(false);
  });
});

describe('signalPid', () => {
  it.each([undefined, 0, -1, -42, 1.5, Number.NaN])('refuses %s, which names no single process', (pid) => {
    expect(isRealPid(pid)).toBe(false);
    expect(signalPid(pid, 'SIGKILL')).toBe(false);
  });

  it('is false for a pid that no process has, without throwing', () => {
    const gone = 2 ** 22 + 7; // above Linux's largest pid
    expect(isRealPid(gone)).toBe(true);
    expect(signalPid(gone, 'SIGCONT')).toBe(false);
  });
});
