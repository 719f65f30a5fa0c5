import { describe, expect, it } from 'vitest';
import { checkAtm, describeBalances, describeRange, formatCents, MAX_STATES } from '../../../../src/scenarios/atm/checker.js';
import type { ConsistencyReport } from '../../../../src/scenarios/atm/history.js';
import { audit, customer, history, usd } from './checker-history.js';

const found = (report: ConsistencyReport) => Object.fromEntries(Object.entries(report.byKind).filter(([, count]) => count > 0));

describe('atm checker: the final audit', () => {
  const alice = customer('acct-1');
  const ops = [alice.withdraw(usd(50), usd(950))];
  const at = (byServer: Record<string, number | undefined>) => checkAtm(history(ops, audit('acct-1', byServer)));

  it('passes when every server shows the model balance, and skips a server that could not be read', () => {
    expect(at({ 'server-1': usd(950), 'server-2': usd(950), 'server-3': undefined }).errors).toBe(0);
  });

  it('flags servers that disagree as one divergent read, with the money one of them made up', () => {
    const report = at({ 'server-1': usd(950), 'server-2': usd(1000), 'server-3': usd(1000) });
    expect(found(report)).toEqual({ 'divergent-read': 1, 'money-minted': 1 });
    expect(report.examples.find((e) => e.kind === 'divergent-read')).toMatchObject({
      expected: 'the same balance on every server',
      observed: 'server-1 $950.00, server-2 $1000.00, server-3 $1000.00',
      atMs: 15,
    });
    expect(report.moneyMintedCents).toBe(usd(50));
  });

  it('flags every server agreeing on a balance above the model as money minted and a lost update', () => {
    const report = at({ 'server-1': usd(1000), 'server-2': usd(1000) });
    expect(found(report)).toEqual({ 'money-minted': 1, 'lost-update': 1 });
    expect(report.moneyMintedCents).toBe(usd(50));
  });

  it('flags a balance below the model as money destroyed, counting the worst server once', () => {
    const report = at({ 'server-1': usd(900), 'server-2': usd(800) });
    expect(found(report)).toEqual({ 'divergent-read': 1, 'money-destroyed': 1 });
    expect(report.moneyDestroyedCents).toBe(usd(150));
    expect(report.examples.find((e) => e.kind === 'money-destroyed')).toMatchObject({ server: 'server-2' });
  });

  it('flags a balance between the possible ones that is none of them as a stale read', () => {
    const bob = customer('acct-2', 'bob');
    const maybe = [bob.unanswered('withdraw', usd(100))];
    const report = checkAtm(history(maybe, audit('acct-2', { 'server-1': usd(950) })));
    expect(found(report)).toEqual({ 'stale-read': 1, 'lost-update': 1 });
    expect(report.examples[0]).toMatchObject({ expected: 'one of $1000.00, $900.00' });
  });

  it('audits an account nobody touched against the opening balance', () => {
    const untouched = { ops: [], audit: audit('acct-9', { 'server-1': usd(1000) }), joint: new Set<string>(), accounts: ['acct-9'] };
    expect(checkAtm(untouched).errors).toBe(0);
    expect(found(checkAtm({ ...untouched, audit: audit('acct-9', { 'server-1': usd(1200) }) }))).toEqual({
      'money-minted': 1,
      'lost-update': 1,
    });
  });
});

describe('atm checker: the report', () => {
  it('keeps the first three examples of each kind in time order and counts them all', () => {
    const alice = customer('acct-1');
    const ops = [1, 2, 3, 4, 5].map(() => alice.balance(usd(1))).reverse();
    const report = checkAtm(history(ops));
    expect(report.errors).toBe(5);
    expect(report.byKind['stale-read']).toBe(5);
    expect(report.examples.map((e) => e.atMs)).toEqual([10, 20, 30]);
  });

  it('keeps the lowest and highest possible balances when unanswered steps pile up', () => {
    const alice = customer('acct-1');
    // 2^10 possible sums of ten unanswered deposits, more than the model keeps.
    const ops = Array.from({ length: 10 }, (_, i) => alice.unanswered('deposit', 2 ** i));
    const at = (final: number) => checkAtm(history(ops, audit('acct-1', { 'server-1': final })));
    expect(2 ** 10).toBeGreaterThan(MAX_STATES);
    expect(at(usd(1000)).errors).toBe(0);
    expect(at(usd(1000) + 2 ** 10 - 1).errors).toBe(0);
    expect(at(usd(1000) + 2 ** 10).byKind['money-minted']).toBe(1);
  });
});

describe('atm checker: money in words', () => {
  it('writes cents as dollars', () => {
    expect(formatCents(95_000)).toBe('$950.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(-5_000)).toBe('-$50.00');
  });

  it('describes one balance, several, or a range', () => {
    expect(describeBalances([95_000])).toBe('$950.00');
    expect(describeBalances([90_000, 95_000, 95_000])).toBe('one of $950.00, $900.00');
    expect(describeRange(90_000, 100_000)).toBe('between $900.00 and $1000.00');
    expect(describeRange(90_000, 90_000)).toBe('$900.00');
  });
});
