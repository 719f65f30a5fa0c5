import { Client } from 'undici';
import type { Recorder } from '../metrics/recorder.js';
import type { Clock } from './clock.js';
import { CookieJar } from './cookie-jar.js';
import { causeOf, classify, type Outcome } from './outcome.js';

/** What one step's request came back with. */
export interface StepResult {
  readonly step: string;
  readonly outcome: Outcome;
  /** Undefined when there was no HTTP answer. */
  readonly status: number | undefined;
  /** Parsed JSON body, or undefined. */
  readonly body: unknown;
  /** The server that answered (`x-server-id`), `balancer`, or `-` when none did. */
  readonly server: string;
  /** When the step should have started and when it was sent, ms since load start. */
  readonly intendedAtMs: number;
  readonly sentAtMs: number;
  readonly latencyUs: number;
  /** Transport error, when there was one. */
  readonly error?: string;
}

export interface RequestSpec {
  readonly step: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** When the step should have started; defaults to now (closed model). */
  readonly intendedAtMs?: number;
}

export interface HttpSessionOptions {
  readonly origin: string;
  readonly clock: Clock;
  readonly recorder: Recorder;
  readonly timeoutMs: number;
  /** Whether a step's refusal counts as a request error (a session loss does not). */
  readonly countsAsError?: (result: StepResult) => boolean;
  /** Sees every step's request and result, e.g. to trace one user. */
  readonly onResult?: (spec: RequestSpec, result: StepResult) => void;
  /**
   * The intended start of a request sent now when its spec gives none: the open model's
   * schedule (src/driver/journey-schedule.ts); undefined means now.
   */
  readonly intendedStart?: () => number | undefined;
  /** The local address the user's connection leaves from (undici's `localAddress`). */
  readonly localAddress?: string;
}

/**
 * One virtual user's browser: one undici Client (its own keep-alive connection to the
 * balancer) and one cookie jar. Every request is timed and recorded; failures are data.
 */
export class HttpSession {
  readonly cookies = new CookieJar();
  private readonly client: Client;

  constructor(private readonly options: HttpSessionOptions) {
    this.client = new Client(options.origin, {
      pipelining: 1,
      keepAliveTimeout: 10_000,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
  }

  async request(spec: RequestSpec): Promise<StepResult> {
    const { clock, recorder, timeoutMs } = this.options;
    const sentAtMs = clock.now();
    const intendedAtMs = Math.min(sentAtMs, spec.intendedAtMs ?? this.options.intendedStart?.() ?? sentAtMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    const cookie = this.cookies.header();
    if (cookie) headers.cookie = cookie;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    let status: number | undefined;
    let body: unknown;
    let server = '-';
    let fromBalancer = false;
    let error: string | undefined;
    let thrown: unknown;
    try {
      const response = await this.client.request({
        method: spec.method,
        path: spec.path,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = response.statusCode;
      fromBalancer = response.headers['x-statebench-balancer'] !== undefined;
      server = headerText(response.headers['x-server-id']) ?? (fromBalancer ? 'balancer' : '-');
      this.cookies.store(response.headers['set-cookie']);
      const text = await response.body.text();
      body = parseJson(text);
    } catch (caught) {
      thrown = caught;
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    const latencyUs = Math.max(1, Math.round((clock.now() - intendedAtMs) * 1000));
    const result: StepResult = {
      step: spec.step,
      outcome: classify({ status, fromBalancer }),
      status,
      body,
      server,
      intendedAtMs,
      sentAtMs,
      latencyUs,
      ...(error === undefined ? {} : { error }),
    };
    this.options.onResult?.(spec, result);
    const cause = result.outcome === 'ok' ? undefined : causeOf({ status, fromBalancer, error: thrown });
    recorder.recordRequest({
      step: spec.step,
      server: result.server,
      atMs: intendedAtMs,
      sentAtMs,
      latencyUs,
      ...(cause === undefined ? {} : { cause }),
      outcome: result.outcome,
      countsAsError: this.options.countsAsError?.(result) ?? result.outcome !== 'ok',
    });
    return result;
  }

  async close(): Promise<void> {
    await this.client.destroy();
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
