import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, crashShorthand, parseFaultSpec, type FaultSpec } from '../../../src/chaos/spec.js';

const run = { durationMs: 10_000, servers: 3 };

function parse(text: string, context = run): FaultSpec {
  const parsed = parseFaultSpec(text, context);
  if (!parsed.ok) throw new Error(`${text}: expected ${parsed.expected}`);
  return parsed.value;
}

describe('parseFaultSpec: every kind with its defaults', () => {
  it.each([
    ['crash:server-1', { kind: 'crash', target: 'server-1' }],
    ['restart:server-1', { kind: 'restart', target: 'server-1', spanMs: 1000 }],
    ['stop:server-2', { kind: 'stop', target: 'server-2' }],
    ['pause:server-3', { kind: 'pause', target: 'server-3', spanMs: 2000 }],
    ['scale-up', { kind: 'scale-up' }],
    ['scale-down:server-1', { kind: 'scale-down', target: 'server-1' }],
    ['rolling', { kind: 'rolling' }],
    ['store-pause', { kind: 'store-pause', spanMs: 2000 }],
    ['store-crash', { kind: 'store-crash', spanMs: 500 }],
    ['latency:server-1', { kind: 'latency', target: 'server-1', spanMs: 2000, params: { delayMs: 200, jitterMs: 0 } }],
    ['reset:server-2', { kind: 'reset', target: 'server-2', spanMs: 2000 }],
    ['blackhole:server-2', { kind: 'blackhole', target: 'server-2', spanMs: 2000 }],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual({ text, when: { at: 4000 }, params: {}, ...expected });
  });

  it('covers every kind in FAULT_KINDS', () => {
    expect(FAULT_KINDS).toHaveLength(13);
    expect(new Set(FAULT_KINDS).size).toBe(13);
  });

  it('leaves target and span out where the kind has none', () => {
    const spec = parse('rolling');
    expect('target' in spec).toBe(false);
    expect('spanMs' in spec).toBe(false);
  });
});

describe('parseFaultSpec: targets, when, spans, params', () => {
  it('takes server-N up to the fleet size, and random', () => {
    expect(parse('pause:server-3').target).toBe('server-3');
    expect(parse('pause:random').target).toBe('random');
    expect(parse('crash:server-1', { durationMs: 10_000, servers: 1 }).target).toBe('server-1');
  });

  it.each([
    ['@4s', { at: 4000 }],
    ['@1500ms', { at: 1500 }],
    ['@40%', { at: 4000 }],
    ['@25%', { at: 2500 }],
    ['@0s', { at: 0 }],
    ['@0%', { at: 0 }],
    ['@9999ms', { at: 9999 }],
    ['@after=200journeys', { afterJourneys: 200 }],
    ['@after=1journey', { afterJourneys: 1 }],
    ['@every=3s', { everyMs: 3000 }],
    ['@every=500ms', { everyMs: 500 }],
  ])('reads when %s', (when, expected) => {
    expect(parse(`pause:server-1${when}`).when).toEqual(expected);
  });

  it('reads a span after the when, or alone', () => {
    expect(parse('pause:server-2@4s+3s')).toMatchObject({ when: { at: 4000 }, spanMs: 3000 });
    expect(parse('restart:server-1+250ms')).toMatchObject({ when: { at: 4000 }, spanMs: 250 });
    expect(parse('store-crash@every=2s+1.5s')).toMatchObject({ when: { everyMs: 2000 }, spanMs: 1500 });
  });

  it('reads latency params over their defaults, in any order', () => {
    expect(parse('latency:random@2s+1s,delay=300ms').params).toEqual({ delayMs: 300, jitterMs: 0 });
    expect(parse('latency:server-1,jitter=50ms,delay=1s').params).toEqual({ delayMs: 1000, jitterMs: 50 });
  });

  it('keeps the text as written, trimmed', () => {
    expect(parse('  pause:server-1@4s+2s ').text).toBe('pause:server-1@4s+2s');
  });
});

describe('crashShorthand', () => {
  it('gives the same FaultSpec as crash:…', () => {
    for (const text of ['server-1', 'server-2@7s', 'server-3@25%', 'random@after=10journeys']) {
      expect(crashShorthand(text, run)).toEqual(parseFaultSpec(`crash:${text}`, run));
      expect(crashShorthand(text, run).ok).toBe(true);
    }
  });

  it('words its examples the short way', () => {
    expect(crashShorthand('server-9', run)).toEqual({ ok: false, expected: 'a target server-1..server-3 or random for crash, e.g. server-1@40%' });
    expect(crashShorthand('server-1+2s', run)).toEqual({ ok: false, expected: 'no span for crash, e.g. server-1@40%' });
  });
});
