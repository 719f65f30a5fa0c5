/**
 * The JSON Schema of a saved report: the fields of `src/result.ts`, published as
 * `docs/report.schema.json` (a unit test keeps the two equal). Required are the fields
 * `result.ts` does not mark optional, among them the ones CI relies on (docs/ci.md).
 * Every object allows more fields than it lists: adding an optional field keeps
 * `statebench/report@1`. `format: "hdr-histogram"` marks a compressed base64
 * HdrHistogram, which reading a report decodes (`src/report/read.ts`).
 */
import { REPORT_SCHEMA } from '../result.js';

/** A JSON Schema (2020-12) as a plain object: the subset `validate.ts` walks. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $id?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  readonly description?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly const?: string | number | boolean;
  readonly format?: string;
  readonly minimum?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
}

/** The JSON types a schema names. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const count: JsonSchema = { type: 'integer', minimum: 0 };
const ms: JsonSchema = { type: 'number' };
const counts: JsonSchema = { type: 'object', additionalProperties: count };
const histogram: JsonSchema = { type: 'string', format: 'hdr-histogram' };
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const object = (required: readonly string[], properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  ...(description ? { description } : {}),
  type: 'object',
  required,
  properties,
});

const latency = object(['count', 'mean', 'p50', 'p90', 'p99', 'p999', 'max'], {
  count, mean: ms, p50: ms, p90: ms, p99: ms, p999: ms, max: ms,
}, 'Latency in milliseconds.');

const fault = object(['kind', 'target'], {
  kind: { type: 'string' }, target: { type: 'string' }, label: { type: 'string' }, spec: { type: 'string' },
  atMs: ms, afterJourneys: count, spanMs: ms, firedAtMs: ms, endedAtMs: ms,
  exec: object(['command', 'output'], {
    command: { type: 'string' }, exitCode: { type: 'integer' }, output: { type: 'string' },
    revert: object(['command', 'output'], { command: { type: 'string' }, exitCode: { type: 'integer' }, output: { type: 'string' } }),
  }, 'An exec: fault: the command, its exit code (absent when it did not exit by itself) and its output (first 2000 characters); and its revert= command.'),
  firedByShard: { type: 'integer', minimum: 1, description: 'In a shard that did not fire the faults: the shard that did; the times are the planned ones.' },
}, 'One fault as scheduled and, once fired, when it fired and ended.');

const timelinePoint = object(['t', 'requests', 'errors', 'lost'], {
  t: count, requests: count, errors: count, lost: count, consistency: count, journeys: count, completed: count,
  faults: { type: 'array', items: { type: 'string' } },
}, 'One second of the load.');

const span = object(['fromMs', 'toMs', 'requests', 'errors', 'errorRate', 'throughput', 'lost', 'latency'], {
  fromMs: ms, toMs: ms, requests: count, errors: count, errorRate: { type: 'number' }, throughput: { type: 'number' },
  lost: count, consistencyErrors: count, latency: ref('latency'),
});

const phase = object(['label', 'startMs', 'endMs', 'before', 'during', 'after', 'recoveryMs'], {
  label: { type: 'string' }, startMs: ms, endMs: ms, before: ref('span'), during: ref('span'), after: ref('span'),
  recoveryMs: { type: ['number', 'null'] },
}, 'One fault window and the load around it.');

const processSaturation = object(['eventLoopDelayP99Ms', 'eventLoopDelayMaxMs', 'cpuPercent'], {
  eventLoopDelayP99Ms: ms, eventLoopDelayMaxMs: ms, cpuPercent: { type: 'number', minimum: 0 },
}, 'One statebench process during the load: event-loop delay (ms) and CPU (% of one core).');

const checkerExample = object(['kind', 'account', 'server', 'expected', 'observed', 'atMs'], {
  kind: { type: 'string' }, account: { type: 'string' }, server: { type: 'string' },
  expected: { type: 'string' }, observed: { type: 'string' }, atMs: ms,
});

const run = object(
  ['arch', 'balancer', 'servers', 'journeys', 'sessionLoss', 'consistency', 'requests', 'latency', 'timeline',
    'rebinds', 'latencyByStep', 'histograms', 'logs', 'examples', 'faults'],
  {
    arch: { type: 'string' },
    repeat: { type: 'integer', minimum: 1 },
    balancer: { type: 'string' },
    proxy: { type: 'string', description: "What balanced the requests: builtin (statebench's own balancer), haproxy or nginx (--proxy), or external; absent: builtin." },
    servers: count,
    store: { type: 'string', description: 'Where the design kept its state: redis, sqlite or none.' },
    storePollMs: { type: 'number', minimum: 0, description: "How often the design's servers poll their store for other servers' writes (ms), when their health answer says." },
    model: { type: 'string', description: 'The load model: open (arrivals at a rate) or closed (users back to back); absent means closed.' },
    journeys: object(['started', 'completed', 'lost', 'failed'], {
      started: count, completed: count, lost: count, failed: count,
      dropped: { ...count, description: 'Open model: arrivals that found no free virtual user.' },
    }),
    sessionLoss: object(['journeys', 'rate'], { journeys: count, rate: { type: 'number', minimum: 0 } }),
    consistency: object(['errors', 'byKind'], {
      errors: count, byKind: counts, examples: { type: 'array', items: ref('checkerExample') },
      moneyMintedCents: { type: 'number' }, moneyDestroyedCents: { type: 'number' },
      late: object(['windowMs', 'messages', 'typing'], { windowMs: ms, messages: count, typing: count },
        'Chat: messages and typing indicators that arrived more than windowMs after they were sent, but before the end: late, not lost, and no error.'),
    }),
    requests: object(['total', 'errors', 'byServer', 'byBackend', 'byOutcome'], {
      total: count, errors: count, byServer: counts, byBackend: counts,
      byOutcome: object(['ok', 'fail', 'indeterminate'], { ok: count, fail: count, indeterminate: count }),
      indeterminateBy: { ...counts, description: "Requests without a definite answer by cause: timeout, reset, refused, status-502/503/504 (the balancer's), other." },
    }),
    rebinds: count,
    latency: ref('latency'),
    latencyByStep: { type: 'object', additionalProperties: ref('latency') },
    timeline: { type: 'array', items: ref('timelinePoint') },
    histograms: { type: 'object', additionalProperties: histogram },
    intervals: { type: 'array', items: object(['t', 'histogram'], { t: count, histogram }) },
    memoryMb: { type: 'object', additionalProperties: { type: 'number' } },
    logs: { type: 'object', additionalProperties: { type: 'string' } },
    examples: {
      type: 'array',
      items: object(['user', 'atMs', 'step', 'server', 'reason'], {
        user: { type: 'string' }, atMs: ms, step: { type: 'string' }, server: { type: 'string' }, reason: { type: 'string' },
      }),
    },
    faults: { type: 'array', items: ref('fault') },
    trace: object(['user', 'events'], { user: { type: 'string' }, events: { type: 'array', items: { type: 'object' } } }),
    notes: { type: 'array', items: { type: 'string' } },
    phases: { type: 'array', items: ref('phase') },
    saturation: object(['driver', 'saturated'], {
      driver: ref('processSaturation'), balancer: ref('processSaturation'), saturated: { type: 'boolean' },
    }, "statebench's own event-loop delay and CPU during the load."),
  },
  'One design (one repeat of it) under the load and the faults.',
);

/** The schema of `statebench/report@1`, as published in `docs/report.schema.json`. */
export const REPORT_JSON_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'statebench run report',
  description: `A saved run, ${REPORT_SCHEMA}. Latencies are milliseconds; histograms are HdrHistogram (µs), compressed base64.`,
  type: 'object',
  required: ['schema', 'scenario', 'seed', 'durationMs', 'users', 'startedAt', 'faults', 'runs'],
  properties: {
    schema: { const: REPORT_SCHEMA },
    scenario: { type: 'string' },
    seed: { type: 'integer' },
    durationMs: { type: 'number', minimum: 0 },
    users: { type: 'integer', minimum: 0 },
    tabs: { type: 'integer', minimum: 2, description: 'Browser tabs per user (--tabs, pizza); absent when 1.' },
    startedAt: { type: 'string' },
    faults: { type: 'array', items: ref('fault') },
    runs: { type: 'array', items: ref('run') },
    shard: object(['index', 'count', 'faultsFrom'], {
      index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 }, faultsFrom: { type: 'integer', minimum: 1 },
    }, 'The slice of a sharded run (--shard i/n) this report holds; statebench merge joins the shards.'),
    shards: { type: 'integer', minimum: 1, description: 'A report merged from this many shards (statebench merge).' },
  },
  $defs: { run, latency, fault, timelinePoint, span, phase, checkerExample, processSaturation },
};
