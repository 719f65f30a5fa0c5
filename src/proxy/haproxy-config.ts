/**
 * HAProxy 2.6's configuration for a strategy of statebench (docs/proxies.md has the table).
 * Pure: the same options give the same text, so it is unit-tested as text and by
 * `haproxy -c`.
 */
import type { HashMode, StrategyName } from '../config/types.js';
import { BALANCER_HEADER } from '../balancer/headers.js';
import { STICKY_COOKIE } from '../balancer/strategies/sticky.js';
import { HASH_COOKIE } from '../balancer/strategies/hash.js';
import type { ConfiguredServer } from './options.js';

export interface HaproxyConfig {
  readonly strategy: StrategyName;
  readonly hashMode: HashMode;
  readonly redispatch: boolean;
  readonly port: number;
  readonly socket: string;
  readonly healthPath: string;
  readonly healthIntervalMs: number;
  readonly requestTimeoutMs: number;
  /** Error pages with the balancer's header, by status. */
  readonly errorFiles: Readonly<Record<number, string>>;
  readonly servers: readonly ConfiguredServer[];
}

export const HAPROXY_BACKEND = 'fleet';

const BALANCE: Readonly<Record<StrategyName, string>> = {
  'round-robin': 'roundrobin',
  random: 'random',
  'least-connections': 'leastconn',
  // Cookie insertion picks the first server of a session round-robin.
  sticky: 'roundrobin',
  // `balance hash <expr>` is new in 2.6: the key of `keyRules` (the cookie, else the address).
  hash: 'hash var(txn.key)',
  source: 'source',
};

/** `hash-type` for the strategies that hash: HAProxy's `map-based` is `hash mod N`. */
const HASH_TYPE: Readonly<Record<HashMode, string>> = { consistent: 'consistent', modulo: 'map-based' };

/** An error answer HAProxy sends itself (a raw HTTP response, as `errorfile` wants it). */
export function errorPage(status: number, reason: string, message: string): string {
  const body = JSON.stringify({ error: message });
  return `HTTP/1.0 ${status} ${reason}\r\ncontent-type: application/json\r\n${BALANCER_HEADER}: haproxy\r\ncache-control: no-cache\r\nconnection: close\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
}

export const ERROR_PAGES: Readonly<Record<number, [string, string]>> = {
  502: ['Bad Gateway', 'bad gateway'],
  503: ['Service Unavailable', 'no backend available'],
  504: ['Gateway Timeout', 'backend timeout'],
};

/**
 * The hash key, as the built-in balancer's: the `sid` cookie, else (a login, which has
 * none yet) the client's address, so a user's login lands where its session will.
 */
const KEY_RULES = [
  `  http-request set-var(txn.key) req.cook(${HASH_COOKIE})`,
  '  http-request set-var(txn.key) src,ipmask(32) unless { var(txn.key) -m found }',
];

export function haproxyConfig(c: HaproxyConfig): string {
  const hashes = c.strategy === 'hash' || c.strategy === 'source';
  const server = (s: ConfiguredServer): string =>
    [
      `  server ${s.id} 127.0.0.1:${s.port}`,
      `check port ${s.checkPort}`,
      ...(c.strategy === 'sticky' ? [`cookie ${s.id}`] : []),
      ...(s.spare ? ['disabled'] : []),
    ].join(' ');
  return [
    '# Written by statebench for one run (docs/proxies.md); HAProxy 2.6.',
    'global',
    `  stats socket ${c.socket} mode 600 level admin`,
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  timeout connect 1s',
    '  timeout client 30s',
    `  timeout server ${c.requestTimeoutMs}ms`,
    '  timeout http-keep-alive 4s',
    '  timeout tunnel 1h',
    '  retries 1',
    ...Object.entries(c.errorFiles).map(([status, file]) => `  errorfile ${status} ${file}`),
    '',
    'frontend entry',
    `  bind 127.0.0.1:${c.port}`,
    `  default_backend ${HAPROXY_BACKEND}`,
    '',
    `backend ${HAPROXY_BACKEND}`,
    ...(c.strategy === 'hash' ? KEY_RULES : []),
    `  balance ${BALANCE[c.strategy]}`,
    ...(hashes ? [`  hash-type ${HASH_TYPE[c.hashMode]}`] : []),
    ...(c.strategy === 'sticky' ? [`  cookie ${STICKY_COOKIE} insert indirect nocache`] : []),
    c.redispatch ? '  option redispatch' : '  no option redispatch',
    `  option httpchk GET ${c.healthPath}`,
    '  http-check expect status 200',
    `  default-server inter ${c.healthIntervalMs}ms fall 2 rise 1`,
    ...c.servers.map(server),
    '',
  ].join('\n');
}
