import type { Recorder } from '../metrics/recorder.js';
import type { Clock } from './clock.js';
import { CookieJar } from './cookie-jar.js';
import { Http1Client } from './http1/client.js';
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
  /** The local address the user's connections leave from. */
  readonly localAddress?: string;
}

/**
 * One virtual user's browser: one Http1Client (its own keep-alive connection to the
 * balancer, src/driver/http1/) and one cookie jar. Every request is timed and recorded;
 * failures are data. A client sends one request at a time, so a user's concurrent
 * requests (`--tabs`) go through its other tabs: each its own connection, all on the
 * same cookie jar, as a browser opens several connections to one site and shares its
 * cookies between tabs.
 */
export class HttpSession {
  readonly cookies: CookieJar;
  private readonly client: Http1Client;
  /** Tabs 2, 3, … opened so far; tab 1 is this session itself. */
  private readonly tabs = new Map<number, HttpSession>();

  constructor(private readonly options: HttpSessionOptions, cookies = new CookieJar()) {
    this.cookies = cookies;
    this.client = new Http1Client({
      origin: options.origin,
      timeoutMs: options.timeoutMs,
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
    const { clock, recorder } = this.options;
    const sentAtMs = clock.now();
    const intendedAtMs = Math.min(sentAtMs, spec.intendedAtMs ?? this.options.intendedStart?.() ?? sentAtMs);
    const cookie = this.cookies.header();
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let headers = cookie === undefined ? ACCEPT : `${ACCEPT}cookie: ${cookie}\r\n`;
    if (body !== undefined) headers += JSON_BODY;
    let status: number | undefined;
    let answerBody: unknown;
    let server = '-';
    let fromBalancer = false;
    let error: string | undefined;
    let thrown: unknown;
    try {
      const answer = await this.client.request({ method: spec.method, path: spec.path, headers, body });
      status = answer.status;
      fromBalancer = answer.headers.has('x-statebench-balancer');
      server = answer.headers.get('x-server-id') ?? (fromBalancer ? 'balancer' : '-');
      this.cookies.store(answer.setCookies);
      answerBody = parseJson(answer.body);
    } catch (caught) {
      thrown = caught;
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    const latencyUs = Math.max(1, Math.round((clock.now() - intendedAtMs) * 1000));
    // Object literals without spreads: a spread of an empty object per request showed in the profile.
    const result: { -readonly [K in keyof StepResult]: StepResult[K] } = {
      step: spec.step,
      outcome: classify({ status, fromBalancer }),
      status,
      body: answerBody,
      server,
      intendedAtMs,
      sentAtMs,
      latencyUs,
    };
    if (error !== undefined) result.error = error;
    this.options.onResult?.(spec, result);
    recorder.recordRequest({
      step: spec.step,
      server,
      atMs: intendedAtMs,
      sentAtMs,
      latencyUs,
      cause: result.outcome === 'ok' ? undefined : causeOf({ status, fromBalancer, error: thrown }),
      outcome: result.outcome,
      countsAsError: this.options.countsAsError?.(result) ?? result.outcome !== 'ok',
    });
    return result;
  }

  async close(): Promise<void> {
    this.client.close();
    await Promise.all([...this.tabs.values()].map((tab) => tab.close()));
  }
}

/** The fields every request carries, and those of a request with a JSON body. */
const ACCEPT = 'accept: application/json\r\n';
const JSON_BODY = 'content-type: application/json\r\n';

function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
