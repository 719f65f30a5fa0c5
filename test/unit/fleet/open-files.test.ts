import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { checkOpenFiles, openFilesLimit, openFilesNeeded } from '../../../src/fleet/open-files.js';

const limits = (soft: string, hard = soft) => () =>
  `Limit                     Soft Limit           Hard Limit           Units     \nMax open files            ${soft}                ${hard}                files     \n`;

describe('open files', () => {
  it('reads the soft limit, unlimited, and nothing where there is no /proc', () => {
    expect(openFilesLimit(limits('20000', '40000'))).toBe(20_000);
    expect(openFilesLimit(limits('unlimited'))).toBe(Number.POSITIVE_INFINITY);
    expect(openFilesLimit(() => {
      throw new Error("ENOENT");
    })).toBeUndefined();
  });

  it('refuses users the balancer has no sockets for, naming the figures and what fits, and lets the rest run', () => {
    expect(() => checkOpenFiles(10_000, 20_000)).toThrow(EnvironmentError);
    expect(() => checkOpenFiles(10_000, 20_000)).toThrow(/--users 10000 needs about 20,256 open files .* allows 20,000 \(ulimit -n\).* at most 9,872 users/);
    expect(() => checkOpenFiles(9_872, 20_000)).not.toThrow();
    expect(openFilesNeeded(9_872)).toBeLessThanOrEqual(20_000);
    expect(() => checkOpenFiles(10_000, Number.POSITIVE_INFINITY)).not.toThrow();
  });
});
