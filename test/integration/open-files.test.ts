/**
 * A run that needs more open files than the system allows is refused before anything
 * starts (exit 3, naming the figures), instead of failing with EMFILE mid-load. The
 * limit is lowered for the child with `ulimit -n`, soft and hard: Node raises its soft
 * limit to the hard one, so lowering only the soft one would be undone.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const underLimit = (hard: number, args: readonly string[]) =>
  execa('bash', ['-c', `ulimit -n ${hard} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
    reject: false,
    env: { NO_COLOR: '1' },
    stdin: 'ignore',
  });

describe('open files', () => {
  it('refuses more users than the driver has sockets for, before the load starts', async () => {
    // The balancer would split over workers (src/balancer/workers.ts); the driver is one process.
    const refused = await underLimit(1024, ['run', 'chat', '--design', 'stateless', '--users', '900', '--duration', '1s', '--store', 'sqlite']);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/--users 900 needs about 1,156 open files in the driver \(a socket a user\).* allows 1,024 \(ulimit -n\).* at most 768 users/);
    expect(refused.stdout).not.toMatch(/journeys/);
  });
});
