import { describe, expect, it } from 'vitest';
import { journeyCounts, requestCounts } from '../../../../src/metrics/analyse/counts.js';
import { historyOf, type RequestRecord } from '../../../../src/metrics/history.js';

const request = (outcome: RequestRecord['outcome'], extra: Partial<RequestRecord> = {}): RequestRecord => ({ step: 'add', server: 'server-1', atMs: 0, latencyUs: 1000, outcome, ...extra });

describe('requestCounts', () => {
  it('counts outcomes, errors as the driver judged them, and servers in natural order without "-"', () => {
    const history = historyOf({
      requests: [
        request('ok', { server: 'server-10' }),
        request('ok', { server: 'server-2' }),
        request('fail', { server: 'server-2', countsAsError: false }),
        request('fail', { server: 'balancer' }),
        request('indeterminate', { server: '-' }),
      ],
    });
    const counts = requestCounts(history);
    expect(counts).toMatchObject({ total: 5, errors: 2, byOutcome: { ok: 2, fail: 2, indeterminate: 1 } });
    expect(Object.entries(counts.byServer)).toEqual([['balancer', 1], ['server-2', 2], ['server-10', 1]]);
    expect(counts).not.toHaveProperty('indeterminateBy');
  });

  it('counts requests without a definite answer by cause, the balancer\'s 503s included', () => {
    const history = historyOf({
      requests: [
        request('indeterminate', { cause: 'timeout' }),
        request('indeterminate', { cause: 'timeout' }),
        request('indeterminate', { cause: 'status-502' }),
        request('indeterminate'),
        request('fail', { cause: 'status-503' }),
      ],
    });
    expect(requestCounts(history).indeterminateBy).toEqual({ 'status-502': 1, 'status-503': 1, timeout: 2 });
  });
});

describe('journeyCounts', () => {
  it('counts journeys by fate and the session-loss rate to 4 decimals', () => {
    const history = historyOf({ journeys: [['started', 0], ['started', 1], ['started', 2], ['lost', 5], ['completed', 6], ['failed', 7]] });
    expect(journeyCounts(history)).toEqual({ journeys: { started: 3, completed: 1, lost: 1, failed: 1 }, sessionLoss: { journeys: 1, rate: 0.3333 } });
  });

  it('counts dropped arrivals apart from started journeys: always in the open model, else only if any', () => {
    const history = historyOf({ journeys: [['dropped', 0], ['dropped', 1]] });
    expect(journeyCounts(history)).toEqual({ journeys: { started: 0, completed: 0, lost: 0, failed: 0, dropped: 2 }, sessionLoss: { journeys: 0, rate: 0 } });
    expect(journeyCounts(historyOf({}), 'open').journeys).toEqual({ started: 0, completed: 0, lost: 0, failed: 0, dropped: 0 });
    expect(journeyCounts(historyOf({}), 'closed').journeys).not.toHaveProperty('dropped');
  });
});
