/**
 * nginx's configuration for a strategy of statebench (docs/proxies.md has the table). Pure,
 * like haproxy-config.ts. nginx OSS has no active health checks: a server is taken out
 * passively, after a failed attempt (`max_fails=1 fail_timeout=1s`), and the request goes
 * to the next server when it had not been sent (`proxy_next_upstream error timeout`).
 */
import type { HashMode, StrategyName } from '../config/types.js';
import { BALANCER_HEADER } from '../balancer/headers.js';
import { HASH_COOKIE } from '../balancer/strategies/hash.js';
import type { ConfiguredServer } from './options.js';

export interface NginxConfig {
  readonly strategy: StrategyName;
  readonly hashMode: HashMode;
  readonly port: number;
  /** The prefix folder: pid file, logs, temp folders. */
  readonly dir: string;
  readonly requestTimeoutMs: number;
  readonly servers: readonly ConfiguredServer[];
}

/** The upstream line of each strategy; `sticky` has none in nginx OSS (kinds.ts refuses it). */
function method(strategy: StrategyName, hashMode: HashMode): string | undefined {
  const consistent = hashMode === 'consistent' ? ' consistent' : '';
  switch (strategy) {
    case 'least-connections':
      return 'least_conn;';
    case 'random':
      return 'random;';
    case 'hash':
      return `hash $statebench_key${consistent};`;
    case 'source':
      // Not `ip_hash`: it hashes only the first three octets, so users on 127.1.0.x would share one.
      return `hash $remote_addr${consistent};`;
    default:
      return undefined;
  }
}

/** The hash key, as the built-in balancer's: the session cookie, else (a login) the client's address. */
const HASH_KEY = `  map $cookie_${HASH_COOKIE} $statebench_key { '' $remote_addr; default $cookie_${HASH_COOKIE}; }\n`;

/** The access log line: which upstream answered, so the report can count requests per backend. */
export const ACCESS_FORMAT = `$status|$upstream_addr|$sent_http_${BALANCER_HEADER.replace(/-/g, '_')}`;

/** Answers nginx makes itself carry the balancer's header, as the built-in balancer's do. */
const ERRORS: Readonly<Record<number, string>> = { 502: 'bad gateway', 503: 'no backend available', 504: 'backend timeout' };

export function nginxConfig(c: NginxConfig): string {
  const line = method(c.strategy, c.hashMode);
  const live = c.servers.filter((s) => !s.spare);
  const upstream = live.map((s) => `    server 127.0.0.1:${s.port} max_fails=1 fail_timeout=1s${s.down ? ' down' : ''};`);
  const timeout = `${Math.max(1, Math.round(c.requestTimeoutMs))}ms`;
  return `# Written by statebench for one run (docs/proxies.md); nginx 1.22.
worker_processes 1;
worker_shutdown_timeout 5s;
pid ${c.dir}/nginx.pid;
error_log ${c.dir}/nginx-error.log notice;
events { worker_connections 4096; }
http {
  log_format statebench '${ACCESS_FORMAT}';
  access_log ${c.dir}/nginx-access.log statebench;
  client_body_temp_path ${c.dir}/nginx-tmp/body;
  proxy_temp_path ${c.dir}/nginx-tmp/proxy;
  fastcgi_temp_path ${c.dir}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${c.dir}/nginx-tmp/uwsgi;
  scgi_temp_path ${c.dir}/nginx-tmp/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
${c.strategy === 'hash' ? HASH_KEY : ''}
  upstream fleet {
${line ? `    ${line}\n` : ''}${upstream.join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${c.port};
    keepalive_timeout 4s;
    location / {
      proxy_pass http://fleet;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout 1s;
      proxy_read_timeout ${timeout};
      proxy_send_timeout ${timeout};
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_buffering off;
    }
${Object.entries(ERRORS)
  .map(
    ([status, message]) => `    error_page ${status} = @nginx${status};
    location @nginx${status} {
      default_type application/json;
      add_header ${BALANCER_HEADER} nginx always;
      return ${status} '${JSON.stringify({ error: message })}';
    }`,
  )
  .join('\n')}
  }
}
`;
}
