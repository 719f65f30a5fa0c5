/**
 * Unread counts: at the end, each user's count must be the acknowledged messages sent
 * to it, less those its last read mark covers. A client marks read everything it holds
 * (it sends a mark only when what it holds is a whole prefix of its log, `upTo` being
 * the newest), so a mark covers what the user had first received by the time it sent
 * the mark; a mark on a message never received covers nothing. An unacknowledged message
 * may have been stored or not, so unless the mark covers it, it may count or not: the
 * count then has a range.
 */
import { receiptKey, type Receipts } from './checker-receipts.js';
import { FINAL_READ_SERVER } from './checker-report.js';
import type { ChatExample, ChatHistory, ReadMark } from './history.js';

export function checkUnread(history: ChatHistory, receipts: Receipts): ChatExample[] {
  const { final } = history;
  const users = [...new Set([...history.users, ...Object.keys(final.unread)])];
  const findings: ChatExample[] = [];
  for (const user of users) {
    const observed = final.unread[user];
    if (observed === undefined) continue;
    const mark = lastMark(history.reads, user);
    const marked = mark !== undefined && receipts.first.has(receiptKey(user, mark.upTo));
    let min = 0;
    let max = 0;
    for (const message of history.sent) {
      if (message.to !== user) continue;
      const receivedMs = receipts.first.get(receiptKey(user, message.id))?.receipt.receivedMs;
      if (marked && receivedMs !== undefined && receivedMs <= mark.sentMs) continue;
      max += 1;
      if (message.ackedMs !== undefined) min += 1;
    }
    if (min <= observed && observed <= max) continue;
    findings.push({
      kind: 'unread-mismatch',
      account: user,
      server: FINAL_READ_SERVER,
      expected: min === max ? `${min} unread` : `${min} to ${max} unread`,
      observed: `${observed} unread`,
      atMs: final.atMs,
    });
  }
  return findings;
}

/** The user's last read mark (the latest sent; of equal times, the last listed). */
function lastMark(reads: readonly ReadMark[], user: string): ReadMark | undefined {
  let last: ReadMark | undefined;
  for (const read of reads) {
    if (read.user === user && (last === undefined || read.sentMs >= last.sentMs)) last = read;
  }
  return last;
}
