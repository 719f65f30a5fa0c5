import { describe, expect, it } from 'vitest';
import { describeSettings, settingDifferences, settingsOf } from '../../../src/compare/comparable.js';
import { result, stateful } from './fixture.js';

describe('settingDifferences', () => {
  it('finds nothing between two runs of the same settings, whatever their figures', () => {
    const slower = { ...result, startedAt: '2026-12-01T00:00:00.000Z', runs: result.runs.map((run) => ({ ...run, latency: { ...run.latency, p99: 500 } })) };
    expect(settingDifferences(result, slower)).toEqual([]);
  });

  it('names each setting that differs, one line each, base first', () => {
    const other = { ...result, users: 20, durationMs: 4000, seed: 7, scenario: 'atm', faults: [], runs: [stateful] };
    expect(settingDifferences(result, other)).toEqual([
      'scenario: pizza in base, atm in head',
      'designs: stateful, stateless in base, stateful in head',
      'users: 50 in base, 20 in head',
      'duration: 10.0s in base, 4.0s in head',
      'faults: crash server-1 @ 4.0s in base, none in head',
      'seed: 42 in base, 7 in head',
    ]);
  });

  it('tells an open-model rate apart when a report carries one', () => {
    const open = { ...result, rate: '50/s' };
    expect(settingDifferences(result, open)).toEqual(['rate: — in base, 50/s in head']);
  });

  it('tells runs with different tabs apart, a report without tabs being one tab, and says the tabs in the header', () => {
    const tabbed = { ...result, tabs: 3 };
    expect(settingDifferences(result, tabbed)).toEqual(['tabs: 1 in base, 3 in head']);
    expect(settingDifferences(result, { ...result, tabs: 1 })).toEqual([]);
    expect(describeSettings(settingsOf(tabbed))).toBe('pizza · stateful, stateless · 50 users × 3 tabs · 10.0s · seed 42 · faults crash server-1 @ 4.0s');
  });

  it('treats repeats of the same designs as the same designs', () => {
    const repeated = { ...result, runs: [...result.runs, { ...stateful, repeat: 2 }] };
    expect(settingDifferences(result, repeated)).toEqual([]);
  });

  it('describes the settings in one line for the header', () => {
    expect(describeSettings(settingsOf(result))).toBe('pizza · stateful, stateless · 50 users · 10.0s · seed 42 · faults crash server-1 @ 4.0s');
  });
});
