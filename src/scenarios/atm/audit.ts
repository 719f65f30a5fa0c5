import { request } from 'undici';
import type { AuditContext } from '../types.js';
import type { AuditRead } from './history.js';

const PARALLEL = 16;

/**
 * Reads every account from every live server directly, not through the balancer: what
 * each ATM would tell a customer now. An unreadable account is recorded without a balance.
 */
export async function auditAccounts(accounts: readonly string[], context: AuditContext): Promise<AuditRead[]> {
  const reads: AuditRead[] = [];
  const jobs = context.servers.flatMap((server) => accounts.map((account) => ({ server, account })));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && !context.signal.aborted) {
      const { server, account } = jobs[next++]!;
      reads.push({ account, server: server.id, ...(await readBalance(`${server.url}/accounts/${account}`, context.timeoutMs)) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, worker));
  return reads;
}

async function readBalance(url: string, timeoutMs: number): Promise<{ balance?: number }> {
  try {
    const response = await request(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = (await response.body.json()) as { balance?: unknown };
    return response.statusCode === 200 && typeof body.balance === 'number' ? { balance: body.balance } : {};
  } catch {
    return {};
  }
}
