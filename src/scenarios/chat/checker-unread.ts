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
  // Indexed once: with thousands of users, a scan of every message per user is quadratic.
  const sentTo = groupBy(history.sent, (message) => message.to);
  const marks = lastMarks(history.reads);
  const findings: ChatExample[] = [];
  for (const user of users) {
    const observed = final.unread[user];
    if (observed === undefined) continue;
    const mark = marks.get(user);
    const marked = mark !== undefined && receipts.first.has(receiptKey(user, mark.upTo));
    let min = 0;
    let max = 0;
    for (const message of sentTo.get(user) ?? []) {
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

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

/** Each user's last read mark (the latest sent; of equal times, the last listed). */
function lastMarks(reads: readonly ReadMark[]): Map<string, ReadMark> {
  const last = new Map<string, ReadMark>();
  for (const read of reads) {
    const before = last.get(read.user);
    if (before === undefined || read.sentMs >= before.sentMs) last.set(read.user, read);
  }
  return last;
}
