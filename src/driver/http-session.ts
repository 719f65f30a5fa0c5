import type { IncomingHttpHeaders } from 'node:http';
import { Client, type Dispatcher } from 'undici';
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
  /** The browser tab that sends it (`--tabs`), for the trace; absent for a user with one tab. */
  readonly tab?: number;
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
 * A Client sends one request at a time, so a user's concurrent requests (`--tabs`) go
 * through its other tabs: each its own connection, all on the same cookie jar, as a
 * browser opens several connections to one site and shares its cookies between tabs.
 */
export class HttpSession {
  readonly cookies: CookieJar;
  private readonly client: Client;
  /** Tabs 2, 3, … opened so far; tab 1 is this session itself. */
  private readonly tabs = new Map<number, HttpSession>();

  constructor(private readonly options: HttpSessionOptions, cookies = new CookieJar()) {
    this.cookies = cookies;
    this.client = new Client(options.origin, {
      pipelining: 1,
      keepAliveTimeout: 10_000,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
  }

  /** Tab `n` (1-based) of this browser: its own connection, this session's cookies. */
  tab(n: number): HttpSession {
    if (n <= 1) return this;
    let tab = this.tabs.get(n);
    if (!tab) {
      tab = new HttpSession(this.options, this.cookies);
      this.tabs.set(n, tab);
    }
    return tab;
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
      const answer = await this.exchange({
        method: spec.method,
        path: spec.path,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = answer.status;
      fromBalancer = answer.headers['x-statebench-balancer'] !== undefined;
      server = headerText(answer.headers['x-server-id']) ?? (fromBalancer ? 'balancer' : '-');
      this.cookies.store(answer.headers['set-cookie']);
      body = parseJson(answer.text);
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
    await Promise.all([this.client.destroy(), ...[...this.tabs.values()].map((tab) => tab.close())]);
  }

  /**
   * One request on the user's connection, through undici's `dispatch` with a handler that
   * keeps the answer: no response stream per request, which `request()` builds and which
   * was a fifth of the driver's CPU per request (docs/NOTES.md, "Driver cost").
   */
  private exchange(options: Dispatcher.DispatchOptions): Promise<Answer> {
    return new Promise((resolve, reject) => this.client.dispatch(options, new AnswerHandler(resolve, reject)));
  }
}

/** An HTTP answer, read whole. */
interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** Collects one answer for `Client.dispatch`: the last status line's headers and the whole body. */
class AnswerHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** Its presence tells undici this is a handler of the current API (not onConnect/onHeaders). */
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const text = this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
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
