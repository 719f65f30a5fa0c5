import { request } from 'undici';
import type { ExternalTarget } from '../config/types.js';
import { conformanceError, probe, protocolWarnings } from '../conformance/index.js';
import { EnvironmentError } from '../errors.js';
import type { AuditServer, Deployment } from './deployment.js';
import type { DesignContext } from './run-design.js';

const HEALTH_PATH = '/healthz';
/** The audit's label for reads made through `--url` when no `--server` is named. */
export const THROUGH_URL = 'via-url';

/**
 * A fleet statebench did not start (`--url`, docs/remote.md). Nothing is started and
 * nothing is sent anywhere but to `--url` and the `--server` URLs. The conformance probe
 * asks the first `--server` directly (a failed required check is exit 3, as for any
 * fleet); without one it goes through `--url`, where a balancer may spread the probe's
 * requests over several servers, so its failures are only notes, and only a URL that does
 * not answer at all is exit 3.
 */
export async function connectExternal(context: DesignContext, external: ExternalTarget): Promise<Deployment> {
  const { config, scenario, design, signal } = context;
  const notes: string[] = [];
  const first = external.servers[0];
  if (first) {
    const checks = await probe(scenario.name, first.url, { serverId: first.id, signal });
    const error = conformanceError(`${scenario.name}/${design} (${first.id} at ${first.url})`, checks);
    if (error) throw error;
    notes.push(...protocolWarnings(checks));
  } else {
    const id = await healthId(external.url, config.requestTimeoutMs);
    if (id === undefined) throw new EnvironmentError(`nothing answers GET ${external.url}${HEALTH_PATH} (--url): start the fleet, or check the address.`);
    const checks = await probe(scenario.name, external.url, { serverId: id, signal });
    notes.push(...protocolWarnings(checks).map((note) => `${note} [probed through --url; name a server with --server to probe it directly]`));
  }
  if (external.servers.length === 0) notes.push('no --server named: the final audit read every account once through --url, so servers that disagree cannot be told apart');
  return {
    origin: external.url,
    strategy: config.balancer === 'auto' ? 'unknown' : config.balancer,
    proxy: 'external',
    servers: external.servers.length,
    notes,
    faults: {},
    auditServers: async () => (external.servers.length > 0 ? liveServers(external.servers, config.requestTimeoutMs) : [{ id: THROUGH_URL, url: external.url }]),
    pids: () => ({}),
    stats: async () => ({ byBackend: {}, rebinds: 0 }),
    logs: () => ({}),
    notesOn: () => [],
    close: async () => {},
  };
}

/** The servers of `--server` that answer their health check now: the live ones, for the audit. */
export async function liveServers(servers: readonly AuditServer[], timeoutMs: number): Promise<AuditServer[]> {
  const answers = await Promise.all(servers.map(async (server) => ((await healthId(server.url, timeoutMs)) === undefined ? undefined : server)));
  return answers.filter((server): server is AuditServer => server !== undefined);
}

/** The id a health answer names (its body's `id`, or `x-server-id`), or undefined when nothing answers. */
async function healthId(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await request(`${url}${HEALTH_PATH}`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const text = await response.body.text();
    if (response.statusCode >= 500) return undefined;
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    const header = response.headers['x-server-id'];
    return typeof id === 'string' ? id : typeof header === 'string' ? header : '';
  } catch {
    return undefined;
  }
}
