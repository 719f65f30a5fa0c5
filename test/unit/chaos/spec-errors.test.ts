import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../../src/chaos/spec.js';

const run = { durationMs: 10_000, servers: 3 };
const GRAMMAR = 'kind[:target][@when][+span][,param=value]';
const KINDS = 'crash, restart, stop, pause, scale-up, scale-down, rolling, store-pause, store-crash, latency, reset, blackhole, exec';
const WHEN = 'a when such as @4s, @1500ms, @40%, @after=200journeys or @every=3s';
const INSIDE = 'a time inside the 10s run, such as 4s, 1500ms or 40%';
const PAUSE_TARGET = 'a target server-1..server-3 or random for pause, e.g. pause:server-1@40%+2s';

describe('parseFaultSpec: every malformed spec says what was expected', () => {
  it.each([
    ['', `a fault kind (${KINDS}) in ${GRAMMAR}, e.g. pause:server-1@4s+2s`],
    ['explode:server-1', `a fault kind (${KINDS}) in ${GRAMMAR}, e.g. pause:server-1@4s+2s`],
    ['Pause:server-1', `a fault kind (${KINDS}) in ${GRAMMAR}, e.g. pause:server-1@4s+2s`],
    // targets
    ['pause', PAUSE_TARGET],
    ['pause:', PAUSE_TARGET],
    ['pause@4s', PAUSE_TARGET],
    ['pause:server-0', PAUSE_TARGET],
    ['pause:server-9', PAUSE_TARGET],
    ['pause:server-01', PAUSE_TARGET],
    ['pause:server-x', PAUSE_TARGET],
    ['pause:3', PAUSE_TARGET],
    ['latency', 'a target server-1..server-3 or random for latency, e.g. latency:server-1@40%+2s,delay=300ms'],
    ['rolling:server-1', 'no target for rolling, e.g. rolling@40%'],
    ['scale-up:random', 'no target for scale-up, e.g. scale-up@40%'],
    ['store-pause:server-1', 'no target for store-pause, e.g. store-pause@40%+2s'],
    // when
    ['pause:server-1@', WHEN],
    ['pause:server-1@soon', WHEN],
    ['pause:server-1@4', WHEN],
    ['pause:server-1@-1s', WHEN],
    ['pause:server-1@10s', INSIDE],
    ['pause:server-1@12s', INSIDE],
    ['pause:server-1@100%', INSIDE],
    ['pause:server-1@150%', INSIDE],
    ['pause:server-1@1m', INSIDE],
    ['pause:server-1@4s@5s', `a single @when, as in ${GRAMMAR}`],
    ['pause:server-1@after=0journeys', 'a journey count of at least 1, such as after=200journeys'],
    ['pause:server-1@after=journeys', 'a journey count of at least 1, such as after=200journeys'],
    ['pause:server-1@after=1.5journeys', 'a journey count of at least 1, such as after=200journeys'],
    ['pause:server-1@every=0s', 'an interval above 0, such as every=3s'],
    ['pause:server-1@every=3', 'an interval above 0, such as every=3s'],
    ['crash:random@every=5ms', 'an interval of at least 100ms, such as every=3s'],
    ['pause:server-1@every=7s', 'an interval under 2/3 of the 10s run, so it fires inside it, such as every=2.5s'],
    // span
    ['pause:server-1+', 'a span such as +2s for pause'],
    ['pause:server-1+2', 'a span such as +2s for pause'],
    ['pause:server-1+0s', 'a span such as +2s for pause'],
    ['pause:server-1+100000m', 'a span of at most 10m for pause, such as +2s'],
    ['store-pause+11m', 'a span of at most 10m for store-pause, such as +2s'],
    ['restart:server-1+601s', 'a span of at most 10m for restart, such as +2s'],
    ['pause:server-1@4s+2s+3s', `a single +span, as in ${GRAMMAR}`],
    ['pause:server-1+2s@4s', `@when before +span, as in ${GRAMMAR}`],
    ['pause@4s:server-1', `a target right after the kind, as in ${GRAMMAR}`],
    ['crash:server-1+2s', 'no span for crash, e.g. crash:server-1@40%'],
    ['rolling+5s', 'no span for rolling, e.g. rolling@40%'],
    // params
    ['pause:server-1,delay=300ms', 'no params for pause, e.g. pause:server-1@40%+2s'],
    ['latency:server-1,loss=5%', 'a param delay or jitter for latency, e.g. latency:server-1@40%+2s,delay=300ms'],
    ['latency:server-1,delay', 'a param delay or jitter for latency, e.g. latency:server-1@40%+2s,delay=300ms'],
    ['latency:server-1,', 'a param delay or jitter for latency, e.g. latency:server-1@40%+2s,delay=300ms'],
    ['latency:server-1,delay=fast', 'a duration for delay, such as delay=300ms'],
    ['latency:server-1,delay=100000m', 'a delay of at most 1m, such as delay=300ms'],
    ['latency:server-1,jitter=61s', 'a jitter of at most 1m, such as jitter=300ms'],
    ['latency:server-1,delay=1s,delay=2s', 'each param of latency at most once, e.g. latency:server-1@40%+2s,delay=300ms'],
  ])('%j', (text, expected) => {
    expect(parseFaultSpec(text, run)).toEqual({ ok: false, expected });
  });

  it('names a fleet of one as server-1 alone', () => {
    expect(parseFaultSpec('pause:server-2', { durationMs: 10_000, servers: 1 })).toEqual({
      ok: false,
      expected: 'a target server-1 or random for pause, e.g. pause:server-1@40%+2s',
    });
  });

  it('names the run length as the user would write it', () => {
    expect(parseFaultSpec('crash:server-1@2m', { durationMs: 90_000, servers: 3 })).toEqual({
      ok: false,
      expected: 'a time inside the 90s run, such as 4s, 1500ms or 40%',
    });
  });
});
