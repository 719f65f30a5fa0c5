import { describe, expect, it } from 'vitest';
import { judgeBalance, judgeInsufficient } from '../../../src/conformance/atm.js';
import { answer } from './answers.js';

describe('atm conformance judges', () => {
  it('a balance must be the exact integer cents: dollars or a string fail', () => {
    expect(judgeBalance('read', answer(200, { balance: 100000 }), 100000).ok).toBe(true);
    expect(judgeBalance('read', answer(200, { balance: 1000 }), 100000)).toMatchObject({ ok: false, required: true, expected: '200 {"balance":100000}', got: '200 {"balance":1000}' });
    expect(judgeBalance('read', answer(200, { balance: '100000' }), 100000).ok).toBe(false);
    expect(judgeBalance('read', answer(404, { error: 'no such account' }), 100000).ok).toBe(false);
  });

  it('insufficient funds: 409 with an integer balance is required; the exact balance and message advised', () => {
    const right = judgeInsufficient(answer(409, { error: 'insufficient funds', balance: 98500 }), 98500);
    expect(right.map((check) => check.ok)).toEqual([true, true]);
    const terse = judgeInsufficient(answer(409, { error: 'NSF', balance: 98500 }), 98500);
    expect(terse.map((check) => [check.required, check.ok])).toEqual([[true, true], [false, false]]);
    const noBalance = judgeInsufficient(answer(409, { error: 'insufficient funds' }), 98500);
    expect(noBalance[0]).toMatchObject({ required: true, ok: false });
    const overdraft = judgeInsufficient(answer(200, { balance: -999901500 }), 98500);
    expect(overdraft[0]).toMatchObject({ required: true, ok: false, got: '200 {"balance":-999901500}' });
  });
});
