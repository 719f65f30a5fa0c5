import { describe, expect, it } from 'vitest';
import type { StrategyName } from '../../../src/config/types.js';
import { parseFleetConfig, parseRunConfig } from '../../../src/config/run-config.js';
import { ConfigError } from '../../../src/errors.js';
import { matrixVariants } from '../../../src/orchestrator/matrix.js';
import { haproxyConfig } from '../../../src/proxy/haproxy-config.js';
import { PROXY_RULES, supports } from '../../../src/proxy/kinds.js';
import { countAccessLog } from '../../../src/proxy/nginx.js';
import { nginxConfig } from '../../../src/proxy/nginx-config.js';
import { parseStatCsv } from '../../../src/proxy/runtime-api.js';
import { userAddress } from '../../../src/driver/source-address.js';

const servers = [
  { id: 'server-1', port: 4001, checkPort: 4001 },
  { id: 'server-2', port: 5002, checkPort: 4002 },
  { id: 'server-4', port: 1, checkPort: 1, spare: true },
];

const haproxy = (strategy: StrategyName, more: { hashMode?: 'consistent' | 'modulo'; redispatch?: boolean } = {}) =>
  haproxyConfig({
    strategy,
    hashMode: more.hashMode ?? 'consistent',
    redispatch: more.redispatch ?? true,
    port: 8080,
    socket: '/tmp/x/haproxy.sock',
    healthPath: '/healthz',
    healthIntervalMs: 200,
    requestTimeoutMs: 2000,
    errorFiles: { 503: '/tmp/x/haproxy-503.http' },
    servers,
  });

const nginx = (strategy: StrategyName, hashMode: 'consistent' | 'modulo' = 'consistent') =>
  nginxConfig({ strategy, hashMode, port: 8080, dir: '/tmp/x', requestTimeoutMs: 2000, servers: [...servers, { id: 'server-3', port: 4003, checkPort: 4003, down: true }] });

function problemsOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('HAProxy configuration', () => {
  it.each([
    ['round-robin', 'balance roundrobin'],
    ['random', 'balance random'],
    ['least-connections', 'balance leastconn'],
    ['sticky', 'cookie SERVERID insert indirect nocache'],
    ['hash', 'balance hash var(txn.key)'],
    ['source', 'balance source'],
  ] as const)('%s is written as `%s`', (strategy, line) => {
    expect(haproxy(strategy)).toContain(`  ${line}\n`);
  });

  it('hash keys on the sid cookie, else the client address, as the built-in balancer does', () => {
    expect(haproxy('hash')).toContain('http-request set-var(txn.key) req.cook(sid)\n  http-request set-var(txn.key) src,ipmask(32) unless { var(txn.key) -m found }\n  balance hash var(txn.key)');
    expect(nginx('hash')).toContain("map $cookie_sid $statebench_key { '' $remote_addr; default $cookie_sid; }");
    expect(haproxy('source')).not.toContain('txn.key');
  });

  it('hash and source follow --hash; the others have no hash-type', () => {
    expect(haproxy('hash')).toContain('hash-type consistent');
    expect(haproxy('source', { hashMode: 'modulo' })).toContain('hash-type map-based');
    expect(haproxy('round-robin')).not.toContain('hash-type');
  });

  it('redispatch, health checks on the server itself, cookies only for sticky, spares disabled', () => {
    expect(haproxy('sticky')).toContain('  option redispatch\n');
    expect(haproxy('sticky', { redispatch: false })).toContain('  no option redispatch\n');
    const text = haproxy('sticky');
    expect(text).toContain('option httpchk GET /healthz');
    expect(text).toContain('stats socket /tmp/x/haproxy.sock mode 600 level admin');
    expect(text).toContain('server server-2 127.0.0.1:5002 check port 4002 cookie server-2\n');
    expect(text).toContain('server server-4 127.0.0.1:1 check port 1 cookie server-4 disabled');
    expect(haproxy('round-robin')).not.toContain('cookie server-1');
  });
});

describe('nginx configuration', () => {
  it.each([
    ['least-connections', 'least_conn;'],
    ['random', 'random;'],
    ['hash', 'hash $statebench_key consistent;'],
    ['source', 'hash $remote_addr consistent;'],
  ] as const)('%s is written as `%s`', (strategy, line) => {
    expect(nginx(strategy)).toContain(`    ${line}\n`);
  });

  it('round-robin is the default (no method line); --hash modulo drops `consistent`', () => {
    expect(nginx('round-robin')).not.toMatch(/least_conn|random;|hash |statebench_key/);
    expect(nginx('hash', 'modulo')).toContain('hash $statebench_key;');
  });

  it('proxies WebSockets, marks its own answers, leaves spares out and draining servers down', () => {
    const text = nginx('hash');
    expect(text).toContain('proxy_http_version 1.1;');
    expect(text).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(text).toContain('add_header x-statebench-balancer nginx always;');
    expect(text).not.toContain('127.0.0.1:1 ');
    expect(text).toContain('server 127.0.0.1:4003 max_fails=1 fail_timeout=1s down;');
    expect(text).not.toMatch(/^\s*user /m);
  });
});

describe('what the proxies report', () => {
  it('reads the fields of show stat by the header, whatever their order', () => {
    const rows = parseStatCsv('# pxname,svname,qcur,scur,stot,status\nfleet,server-1,0,2,17,UP\nfleet,BACKEND,0,2,17,UP\n');
    expect(rows[0]).toMatchObject({ pxname: 'fleet', svname: 'server-1', scur: '2', stot: '17', status: 'UP', econ: '' });
    expect(rows).toHaveLength(2);
  });

  it("counts nginx's access log per backend: retries count each server, its own answers are the balancer's", () => {
    const ids = new Map([
      ['127.0.0.1:4001', 'server-1'],
      ['127.0.0.1:4002', 'server-2'],
    ]);
    const log = ['200|127.0.0.1:4001|-', '200|127.0.0.1:4001, 127.0.0.1:4002|-', '502|127.0.0.1:4002|nginx', '502|-|nginx', ''].join('\n');
    expect(countAccessLog(log, ids)).toEqual({ byBackend: { 'server-1': 2, 'server-2': 2 }, errorsByBackend: { 'server-2': 1 }, balancerErrors: 2 });
  });
});

describe('--proxy on the command line', () => {
  it('defaults to the built-in balancer', () => {
    expect(parseRunConfig('pizza', { seed: '1' }).proxy).toBe('builtin');
    expect(parseFleetConfig('pizza', { seed: '1' }).proxy).toBe('builtin');
  });

  it('refuses an unknown proxy, naming the choices', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { proxy: 'envoy' }))).toBe('Expected `--proxy` to be one of builtin, haproxy, nginx, got `envoy`.');
  });

  it('refuses sticky with nginx, named or deployed by auto, naming what nginx supports', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { proxy: 'nginx', balancer: 'sticky' }))).toContain('nginx supports (round-robin, random, least-connections, hash, source)');
    expect(problemsOf(() => parseRunConfig('pizza', { proxy: 'nginx' }))).toContain('`--balancer auto` deploys it for design `stateful`');
    expect(problemsOf(() => parseFleetConfig('pizza', { proxy: 'nginx', design: 'stateful' }))).toContain('got `sticky`');
    expect(parseRunConfig('pizza', { proxy: 'nginx', balancer: 'hash' }).balancer).toBe('hash');
    expect(parseRunConfig('pizza', { proxy: 'haproxy' }).proxy).toBe('haproxy');
  });

  it('refuses --redispatch off with nginx, which always tries the next server', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { proxy: 'nginx', balancer: 'hash', redispatch: 'off' }))).toContain('`--redispatch` to be on with --proxy nginx');
  });

  it("the matrix runs only the settings the proxy has", () => {
    expect(matrixVariants({ proxy: 'haproxy' })).toHaveLength(7);
    const nginxCells = matrixVariants({ proxy: 'nginx' });
    expect(nginxCells.every((cell) => cell.strategy !== 'sticky' && cell.redispatch)).toBe(true);
    expect(nginxCells.map((cell) => cell.strategy)).toEqual(['round-robin', 'random', 'least-connections', 'hash']);
  });

  it('HAProxy has every strategy; each proxy that is a binary names its package', () => {
    for (const strategy of PROXY_RULES.haproxy.strategies) expect(supports('haproxy', strategy)).toBe(true);
    expect(PROXY_RULES.nginx.install).toBe('apt-get install nginx-light');
  });
});

describe('source addresses', () => {
  it('gives each user its own loopback address', () => {
    const addresses = Array.from({ length: 600 }, (_, index) => userAddress(index));
    expect(new Set(addresses).size).toBe(600);
    expect(addresses[0]).toBe('127.1.0.1');
    expect(addresses.every((address) => /^127\.1\.\d{1,3}\.\d{1,3}$/.test(address) && !address.endsWith('.0') && !address.endsWith('.255'))).toBe(true);
  });
});
