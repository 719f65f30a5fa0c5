import { describe, expect, it } from 'vitest';
import { checkAtm } from '../../../../src/scenarios/atm/checker.js';
import { CONSISTENCY_KINDS, type ConsistencyReport } from '../../../../src/scenarios/atm/history.js';
import { audit, customer, history, usd } from './checker-history.js';

/** The kinds a report found, without the zeros. */
const found = (report: ConsistencyReport) => Object.fromEntries(Object.entries(report.byKind).filter(([, count]) => count > 0));

describe('atm checker: owned accounts', () => {
  it('passes a clean sequential history, and reports every kind at 0', () => {
    const alice = customer('acct-1');
    const report = checkAtm(
      history(
        [
          alice.balance(usd(1000)),
          alice.withdraw(usd(50), usd(950), { server: 'server-2' }),
          alice.deposit(usd(20), usd(970), { server: 'server-3' }),
          alice.balance(usd(970), { server: 'server-1' }),
          alice.refused(usd(2000), usd(970)),
        ],
        audit('acct-1', { 'server-1': usd(970), 'server-2': usd(970), 'server-3': usd(970) }),
      ),
    );
    expect(report).toEqual({
      errors: 0,
      byKind: Object.fromEntries(CONSISTENCY_KINDS.map((kind) => [kind, 0])),
      examples: [],
      moneyMintedCents: 0,
      moneyDestroyedCents: 0,
      times: [],
    });
  });

  it('flags a server that never saw the withdrawal as a stale read, and passes one that did', () => {
    const alice = customer('acct-1');
    const withdrawal = alice.withdraw(usd(50), usd(950), { server: 'server-1' });
    const stale = checkAtm(history([withdrawal, alice.balance(usd(1000), { server: 'server-2' })]));
    expect(found(stale)).toEqual({ 'stale-read': 1 });
    expect(stale.times).toEqual([20]);
    expect(stale.examples).toEqual([
      { kind: 'stale-read', account: 'acct-1', server: 'server-2', expected: '$950.00', observed: '$1000.00', atMs: 20 },
    ]);
    expect(checkAtm(history([withdrawal, alice.balance(usd(950), { server: 'server-2' })])).errors).toBe(0);
  });

  it('keeps the model after a stale read, so the error is counted once', () => {
    const alice = customer('acct-1');
    const report = checkAtm(history([alice.withdraw(usd(50), usd(950)), alice.balance(usd(1000)), alice.balance(usd(950))]));
    expect(found(report)).toEqual({ 'stale-read': 1 });
  });

  it('flags a withdrawal accepted beyond the balance as one overdraft, and passes one that empties it', () => {
    const alice = customer('acct-1');
    const emptied = [alice.withdraw(usd(950), usd(50))];
    // server-2 never saw the $950 and pays out $100 it does not have.
    const beyond = checkAtm(history([...emptied, alice.withdraw(usd(100), usd(900), { server: 'server-2' })]));
    expect(found(beyond)).toEqual({ overdraft: 1 });
    expect(beyond.examples[0]).toMatchObject({ expected: 'no withdrawal beyond $50.00', observed: 'withdrew $100.00, balance $900.00' });
    expect(found(checkAtm(history([customer('acct-2').withdraw(usd(1200), usd(-200))])))).toEqual({ overdraft: 1 });
    expect(checkAtm(history([...emptied, alice.withdraw(usd(50), 0)])).errors).toBe(0);
  });

  it('passes a 409 the model agrees with, and flags one refused while the money was there', () => {
    const alice = customer('acct-1');
    const low = alice.withdraw(usd(950), usd(50));
    expect(checkAtm(history([low, alice.refused(usd(100), usd(50))])).errors).toBe(0);
    const bob = customer('acct-2', 'bob');
    const refused = checkAtm(history([bob.refused(usd(100), usd(1000))]));
    expect(found(refused)).toEqual({ 'stale-read': 1 });
    expect(refused.examples[0]).toMatchObject({ expected: '$1000.00', observed: 'insufficient funds for $100.00 with $1000.00' });
    // Refused on a balance the model never had (a server that lost the account's history).
    expect(found(checkAtm(history([low, alice.refused(usd(100), usd(20))])))).toEqual({ 'stale-read': 1 });
  });

  it('lets a refusal with no balance behind it (503) change nothing', () => {
    const alice = customer('acct-1');
    const ops = [alice.withdraw(usd(100), 0, { outcome: 'fail', status: 503, balance: undefined }), alice.balance(usd(1000))];
    expect(checkAtm(history(ops, audit('acct-1', { 'server-1': usd(1000) }))).errors).toBe(0);
  });

  it('passes an unanswered withdrawal either way, then holds to what the next read decided', () => {
    const alice = customer('acct-1');
    const unanswered = alice.unanswered('withdraw', usd(100));
    expect(checkAtm(history([unanswered, alice.balance(usd(900))])).errors).toBe(0);
    expect(checkAtm(history([unanswered, alice.balance(usd(1000))])).errors).toBe(0);
    expect(found(checkAtm(history([unanswered, alice.balance(usd(900)), alice.balance(usd(1000))])))).toEqual({ 'stale-read': 1 });
    // With no read after it, the audit may show either.
    for (const final of [usd(900), usd(1000)]) {
      expect(checkAtm(history([unanswered], audit('acct-1', { 'server-1': final }))).errors).toBe(0);
    }
    expect(checkAtm(history([alice.unanswered('deposit', usd(30)), alice.balance(usd(1030))])).errors).toBe(0);
  });

  it('counts a retry (same opId) after an unanswered try once, and flags a server that applied it twice', () => {
    const alice = customer('acct-1');
    const attempt = alice.unanswered('withdraw', usd(100), { opId: 'w1' });
    const once = alice.withdraw(usd(100), usd(900), { opId: 'w1' });
    expect(checkAtm(history([attempt, once], audit('acct-1', { 'server-1': usd(900) }))).errors).toBe(0);
    const twice = alice.withdraw(usd(100), usd(800), { opId: 'w1' });
    const report = checkAtm(history([attempt, twice], audit('acct-1', { 'server-1': usd(800) })));
    expect(report.byKind['stale-read']).toBe(1);
    // The books are $100 short of the model.
    expect(report.moneyDestroyedCents).toBe(usd(100));
  });

  it('tells a retry apart even with another step between it and its try', () => {
    const alice = customer('acct-1');
    const attempt = alice.unanswered('withdraw', usd(100), { opId: 'w1' });
    // The deposit's answer shows the try did not apply: the retry does.
    const ops = [attempt, alice.deposit(usd(50), usd(1050)), alice.withdraw(usd(100), usd(950), { opId: 'w1' })];
    expect(checkAtm(history(ops)).errors).toBe(0);
    const applied = [attempt, alice.deposit(usd(50), usd(950)), alice.withdraw(usd(100), usd(950), { opId: 'w1' })];
    expect(checkAtm(history(applied)).errors).toBe(0);
    const again = [attempt, alice.deposit(usd(50), usd(950)), alice.withdraw(usd(100), usd(850), { opId: 'w1' })];
    expect(found(checkAtm(history(again)))).toEqual({ 'stale-read': 1 });
  });

  it('reads a repeat of an acknowledged opId as a balance, never as a second withdrawal', () => {
    const alice = customer('acct-1');
    const first = alice.withdraw(usd(100), usd(900), { opId: 'w1' });
    expect(checkAtm(history([first, alice.withdraw(usd(100), usd(900), { opId: 'w1' })])).errors).toBe(0);
    expect(found(checkAtm(history([first, alice.withdraw(usd(100), usd(800), { opId: 'w1' })])))).toEqual({ 'stale-read': 1 });
  });
});

describe('atm checker: joint accounts', () => {
  // Two customers at one account, their steps interleaved in time.
  const alice = () => customer('joint-1', 'alice', 0);
  const bob = () => customer('joint-1', 'bob', 5);

  it('flags any negative balance as an overdraft, and passes zero', () => {
    const negative = checkAtm(history([alice().balance(usd(-50))], [], ['joint-1']));
    expect(found(negative)).toEqual({ overdraft: 1 });
    expect(negative.examples[0]).toMatchObject({ expected: 'a balance of $0.00 or more', observed: '-$50.00' });
    expect(checkAtm(history([alice().withdraw(usd(1000), 0)], [], ['joint-1'])).errors).toBe(0);
  });

  it('flags two acknowledged withdrawals of which every server kept one as a lost update that minted money', () => {
    // Both servers read $1000 and wrote $900: the classic lost update.
    const ops = [alice().withdraw(usd(100), usd(900)), bob().withdraw(usd(100), usd(900), { server: 'server-2' })];
    const report = checkAtm(history(ops, audit('joint-1', { 'server-1': usd(900), 'server-2': usd(900) }), ['joint-1']));
    expect(found(report)).toEqual({ 'lost-update': 1, 'money-minted': 1 });
    expect(report.moneyMintedCents).toBe(usd(100));
    expect(report.examples.find((e) => e.kind === 'lost-update')).toMatchObject({
      expected: '$800.00',
      observed: '$900.00 on every server',
      server: 'server-1, server-2',
    });
  });

  it('passes two concurrent withdrawals that both applied', () => {
    const ops = [alice().withdraw(usd(100), usd(900)), bob().withdraw(usd(100), usd(800), { server: 'server-2' })];
    const report = checkAtm(history(ops, audit('joint-1', { 'server-1': usd(800), 'server-2': usd(800) }), ['joint-1']));
    expect(report.errors).toBe(0);
  });

  it('widens the allowed range by the unanswered operations, and passes both ends', () => {
    const a = alice();
    const b = bob();
    const ops = [a.withdraw(usd(100), usd(900)), b.unanswered('withdraw', usd(200)), a.unanswered('deposit', usd(50))];
    const at = (final: number) => checkAtm(history(ops, audit('joint-1', { 'server-1': final }), ['joint-1']));
    expect(at(usd(700)).errors).toBe(0);
    expect(at(usd(950)).errors).toBe(0);
    expect(found(at(usd(650)))).toEqual({ 'money-destroyed': 1, 'lost-update': 1 });
    expect(at(usd(650)).examples[0]).toMatchObject({ expected: 'between $700.00 and $950.00', observed: '$650.00 ($50.00 destroyed)' });
    expect(found(at(usd(1000)))).toEqual({ 'money-minted': 1, 'lost-update': 1 });
  });

  it('counts an opId once however many attempts it took, and not at all when every attempt was refused', () => {
    const a = alice();
    const ops = [
      a.unanswered('withdraw', usd(100), { opId: 'w1' }),
      a.withdraw(usd(100), usd(900), { opId: 'w1' }),
      a.refused(usd(5000), usd(900)),
      a.withdraw(usd(300), 0, { outcome: 'fail', status: 503, balance: undefined }),
    ];
    const at = (final: number) => checkAtm(history(ops, audit('joint-1', { 'server-1': final }), ['joint-1']));
    expect(at(usd(900)).errors).toBe(0);
    expect(at(usd(800)).byKind['money-destroyed']).toBe(1);
  });
});
