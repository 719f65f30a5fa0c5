import { REPORT_SCHEMA } from '../../../src/result.js';
import type { DesignRun, RunResult } from '../../../src/result.js';

const crash = { atMs: 4000, kind: 'crash', target: 'server-1', firedAtMs: 4003 };

const stateful: DesignRun = {
  arch: 'stateful',
  balancer: 'sticky',
  servers: 3,
  journeys: { started: 412, completed: 368, lost: 37, failed: 7 },
  sessionLoss: { journeys: 37, rate: 0.0898 },
  consistency: { errors: 0, byKind: {} },
  requests: {
    total: 2051,
    errors: 19,
    byServer: { 'server-1': 611, 'server-10': 5, 'server-2': 702, 'server-3': 714 },
    byBackend: { 'server-1': 620, 'server-2': 702, 'server-3': 714 },
    byOutcome: { ok: 1995, fail: 44, indeterminate: 12 },
  },
  rebinds: 12,
  latency: { count: 2051, mean: 3.217, p50: 1.234, p90: 4.567, p99: 98.765, p999: 1502.113, max: 5004.227 },
  latencyByStep: {},
  timeline: [{ t: 0, requests: 200, errors: 0, lost: 0, journeys: 40, completed: 0 }],
  histograms: {},
  logs: {},
  examples: [],
  faults: [crash],
};

const stateless: DesignRun = {
  ...stateful,
  arch: 'stateless',
  balancer: 'round-robin',
  journeys: { started: 415, completed: 415, lost: 0, failed: 0 },
  sessionLoss: { journeys: 0, rate: 0 },
  consistency: { errors: 0, byKind: {} },
  requests: {
    total: 2093,
    errors: 3,
    byServer: { 'server-1': 541, 'server-2': 776, 'server-3': 776 },
    byBackend: { 'server-1': 541, 'server-2': 776, 'server-3': 776 },
    byOutcome: { ok: 2090, fail: 0, indeterminate: 3 },
  },
  rebinds: 0,
  latency: { count: 2093, mean: 2.5, p50: 2.345, p90: 3.456, p99: 7.891, p999: 12.345, max: 23.456 },
};

/** A hand-written result: a crash at 4 s, two designs. */
export const result: RunResult = {
  schema: REPORT_SCHEMA,
  scenario: 'pizza',
  seed: 42,
  durationMs: 10_000,
  users: 50,
  startedAt: '2026-11-28T09:30:00.123Z',
  faults: [crash],
  runs: [stateful, stateless],
};
