/** Every default of statebench, in one place. */
export const DEFAULTS = {
  servers: 3,
  users: 50,
  duration: '10s',
  think: '100ms',
  balancer: 'auto',
  /** `--proxy`: statebench's own balancer (docs/proxies.md). */
  proxy: 'builtin',
  /** `--design` for a scenario's reference designs; a `--target` file runs all of its own. */
  design: 'both',
  targetDesign: 'all',
  fleetDesign: 'stateless',
  /** `--design` with `--url`: the label of a fleet statebench did not start. */
  externalDesign: 'external',
  joint: '20%',
  /** A fault without a time fires this far into the load (`--crash server-1`). */
  faultAtFraction: 0.4,
  redispatch: 'on',
  /** `--store`: Redis when there is one, else SQLite (docs/stores.md). */
  store: 'auto',
  hash: 'consistent',
  outDir: 'reports',
  requestTimeout: '2s',
  fleetPort: 0,
  /** `--tabs`: one tab, each journey's steps one after the other. */
  tabs: 1,
} as const;

/**
 * Hard bounds that keep a run on a laptop (and in CI) sane. Every duration has one:
 * Node's timers overflow past 2^31 ms (about 24.8 days) and then fire after 1 ms, so an
 * unbounded `--timeout 100000m` would silently act as no timeout at all. Documented in
 * docs/cli.md.
 */
/** A default `--max-users` covers this many seconds of arrivals at the peak rate. */
export const DEFAULT_POOL_SECONDS = 20;

export const LIMITS = {
  maxServers: 16,
  /**
   * `--users`: each user holds a connection to the balancer, which relays it on two
   * sockets, all on this one machine. Past about 20,000 the driver's connections to the
   * balancer's one port use up the ephemeral ports of 127.0.0.1 (28,232 by default) and
   * the balancer needs over 40,000 open files. Open files are checked before the load
   * (src/fleet/open-files.ts).
   */
  maxUsers: 20_000,
  /** `--rate` and each `--ramp` stage: journey arrivals per second. */
  maxRatePerSec: 10_000,
  maxRepeat: 50,
  /** `--tabs`: a person with more tabs of one shop open than this is a script. */
  maxTabs: 8,
  maxDurationMs: 10 * 60_000,
  /** `--think`: a person reading a page; longer makes a run of a handful of steps. */
  maxThinkMs: 60_000,
  /** `--timeout`: k6's default request timeout; beyond it a request is simply lost. */
  maxTimeoutMs: 60_000,
  /** A fault's `+span`: the longest run; a span past the run's end is reverted at the end anyway. */
  maxSpanMs: 10 * 60_000,
  /** A fault's duration params (`delay=`, `jitter=`): past `--timeout`'s bound every request times out. */
  maxParamMs: 60_000,
} as const;
