import { describe, expect, it } from 'vitest';
import { ConfigError, EnvironmentError } from '../../../src/errors.js';
import { checkOpenFiles, openFilesDemand, openFilesLimit, planOpenFiles, SPARE_FILES } from '../../../src/fleet/open-files.js';

const limits = (soft: string, hard = soft) => () =>
  `Limit                     Soft Limit           Hard Limit           Units     \nMax open files            ${soft}                ${hard}                files     \n`;

const run = { users: 10_000, tabs: 1, proxy: 'builtin' as const };
const demand = (users: number, more: Partial<Parameters<typeof openFilesDemand>[0]> = {}, env: NodeJS.ProcessEnv = {}) =>
  openFilesDemand({ ...run, users, ...more }, env);

describe('open files', () => {
  it('reads the soft limit, unlimited, and nothing where there is no /proc', () => {
    expect(openFilesLimit(limits('20000', '40000'))).toBe(20_000);
    expect(openFilesLimit(limits('unlimited'))).toBe(Number.POSITIVE_INFINITY);
    expect(openFilesLimit(() => {
      throw new Error('ENOENT');
    })).toBeUndefined();
  });

  it('keeps the balancer in one process while two sockets a user fit, and splits it when they do not', () => {
    expect(planOpenFiles(demand(9_872), 20_000).balancerWorkers).toBe(1);
    const split = planOpenFiles(demand(10_000), 20_000);
    expect(split.balancerWorkers).toBe(2);
    // Each worker counted at 1.5× its even share of 5,000 users, two sockets each.
    expect(split.processes).toEqual([
      { process: 'the driver', files: 10_000 + SPARE_FILES, why: 'a socket a user' },
      { process: 'a server', files: 10_000 + SPARE_FILES, why: 'a socket a user, if all land on it' },
      { process: 'each of 2 balancer workers', files: 15_000 + SPARE_FILES, why: expect.stringContaining('1.5×') },
    ]);
    expect(planOpenFiles(demand(14_000), 20_000).balancerWorkers).toBe(3);
    expect(planOpenFiles(demand(10_000), Number.POSITIVE_INFINITY).balancerWorkers).toBe(1);
  });

  it('counts a connection a tab, and two sockets a user in a real proxy, which stays one process', () => {
    expect(planOpenFiles(demand(4_000, { tabs: 3 }), 20_000).balancerWorkers).toBe(2);
    const haproxy = planOpenFiles(demand(5_000, { proxy: 'haproxy' }), 20_000);
    expect(haproxy.balancerWorkers).toBe(1);
    expect(haproxy.processes.at(-1)).toEqual({ process: 'the proxy', files: 10_000 + SPARE_FILES, why: 'two sockets a user' });
  });

  it('counts only the driver for a fleet statebench did not start (--url)', () => {
    const external = { external: { url: 'http://127.0.0.1:1' } } as unknown as Parameters<typeof openFilesDemand>[0];
    expect(planOpenFiles(demand(15_000, external), 20_000).processes).toEqual([{ process: 'the driver', files: 15_000 + SPARE_FILES, why: 'a socket a user' }]);
    expect(() => checkOpenFiles(demand(15_000, external), 15_000, 20_000)).not.toThrow();
  });

  it('takes the worker count from STATEBENCH_BALANCER_WORKERS, and refuses one that is not 1 to 8', () => {
    expect(planOpenFiles(demand(10, {}, { STATEBENCH_BALANCER_WORKERS: '2' }), 20_000).balancerWorkers).toBe(2);
    expect(() => demand(10, {}, { STATEBENCH_BALANCER_WORKERS: '9' })).toThrow(ConfigError);
    expect(() => demand(10, {}, { STATEBENCH_BALANCER_WORKERS: 'two' })).toThrow(/^Expected STATEBENCH_BALANCER_WORKERS to be an integer from 1 to 8, got `two`\.$/);
  });

  it('refuses only what no split can hold, naming the process, the figures and what fits', () => {
    expect(() => checkOpenFiles(demand(10_000), 10_000, 20_000)).not.toThrow();
    expect(() => checkOpenFiles(demand(19_744), 19_744, 20_000)).not.toThrow();
    expect(() => checkOpenFiles(demand(19_745), 19_745, 20_000)).toThrow(EnvironmentError);
    expect(() => checkOpenFiles(demand(19_745), 19_745, 20_000)).toThrow(
      /^--users 19745 needs about 20,001 open files in the driver \(a socket a user\), and this system allows 20,000 \(ulimit -n\).* at most 19,744 users$/,
    );
    expect(() => checkOpenFiles(demand(5_000, { proxy: 'haproxy' }), 5_000, 10_000)).toThrow(/open files in the proxy \(two sockets a user\).* at most 4,872 users$/);
    expect(() => checkOpenFiles(demand(600, {}, { STATEBENCH_BALANCER_WORKERS: '1' }), 600, 1_024)).toThrow(/1,456 open files in the balancer .* at most 384 users$/);
  });
});
