/**
 * Presence: at the end, a user shown online must be connected and one shown offline
 * must not be. Presence takes a moment to catch up (a heartbeat TTL, a close the server
 * has not seen yet), so a user whose connection opened or closed within the grace
 * period before the final read may be shown either way.
 */
import { changedSince, connectedAt, type Connections } from './checker-connections.js';
import { FINAL_READ_SERVER } from './checker-report.js';
import type { ChatExample, ChatHistory } from './history.js';

const word = (online: boolean): string => (online ? 'online' : 'offline');

export function checkPresence(history: ChatHistory, connections: Connections, graceMs: number): ChatExample[] {
  const { final } = history;
  const users = [...new Set([...history.users, ...Object.keys(final.online)])];
  const findings: ChatExample[] = [];
  for (const user of users) {
    const online = final.online[user];
    if (online === undefined) continue;
    // The client's own view at the end; the spans stand in for a user it did not list.
    const connected = final.connected[user] ?? connectedAt(connections, user, final.atMs);
    if (online === connected || changedSince(connections, user, final.atMs - graceMs)) continue;
    findings.push({
      kind: 'stale-presence',
      account: user,
      server: FINAL_READ_SERVER,
      expected: word(connected),
      observed: word(online),
      atMs: final.atMs,
    });
  }
  return findings;
}
