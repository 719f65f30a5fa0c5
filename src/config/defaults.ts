/** Every default of statebench, in one place. */
export const DEFAULTS = {
  servers: 3,
  users: 50,
  duration: '10s',
  think: '100ms',
  balancer: 'auto',
  arch: 'both',
  joint: '20%',
  /** A fault without a time fires this far into the load (`--crash server-1`). */
  faultAtFraction: 0.4,
  redispatch: 'on',
  hash: 'consistent',
  outDir: 'reports',
  requestTimeout: '2s',
  fleetPort: 0,
} as const;

/** Hard bounds that keep a run on a laptop (and in CI) sane. */
export const LIMITS = {
  maxServers: 16,
  maxUsers: 5000,
  maxDurationMs: 10 * 60_000,
} as const;
