import { describe, expect, it } from 'vitest';
import { errorBuckets } from '../../../../src/metrics/analyse/buckets.js';
import { historyOf, type RequestRecord } from '../../../../src/metrics/history.js';

const known = (doneMs: number, outcome: RequestRecord['outcome']): RequestRecord => ({ step: 'view', server: 'server-1', atMs: doneMs, latencyUs: 0, outcome });

describe('errorBuckets', () => {
  it('counts requests and not-ok ones per 100 ms, empty buckets included', () => {
    const history = historyOf({ requests: [known(0, 'ok'), known(99, 'fail'), known(250, 'indeterminate')] });
    expect(errorBuckets(history, 400)).toEqual([
      { requests: 2, errors: 1 },
      { requests: 0, errors: 0 },
      { requests: 1, errors: 1 },
      { requests: 0, errors: 0 },
    ]);
  });

  it('folds requests known before the load into the first bucket and after it into the last', () => {
    const history = historyOf({ requests: [known(-20, 'fail'), known(1e15, 'ok'), known(450, 'ok')] });
    expect(errorBuckets(history, 300)).toEqual([
      { requests: 1, errors: 1 },
      { requests: 0, errors: 0 },
      { requests: 2, errors: 0 },
    ]);
  });

  it('counts a session-loss 401 (not a request error) as not recovered', () => {
    const history = historyOf({ requests: [{ ...known(50, 'fail'), countsAsError: false }] });
    expect(errorBuckets(history, 100)).toEqual([{ requests: 1, errors: 1 }]);
  });

  it('places a request by when it was answered, not when it was meant to start', () => {
    const history = historyOf({ requests: [{ step: 'add', server: '-', atMs: 10, latencyUs: 250_000, outcome: 'indeterminate' }] });
    expect(errorBuckets(history, 300).map((b) => b.errors)).toEqual([0, 0, 1]);
  });
});
