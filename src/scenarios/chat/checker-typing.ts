/**
 * Typing indicators: one sent to a recipient that stayed connected for the whole window
 * after it must arrive within that window (else `typing-lost`). Each indicator received
 * answers for at most one sent; they are matched greedily in time order, which with
 * windows of one length matches as many as can be matched. Not checked, and claiming
 * none: indicators sent while the recipient was away; those whose sender or recipient
 * left during the window (an indicator is fire-and-forget on the sender's connection: a
 * server that dies holding it takes it along); and those whose window the history ends
 * in (the final read), which may still be on their way.
 */
import { connectedThroughout, serverOf, type Connections } from './checker-connections.js';
import type { ChatExample, ChatHistory, TypingReceived } from './history.js';

export function checkTyping(history: ChatHistory, connections: Connections, windowMs: number): ChatExample[] {
  const receivedByPair = new Map<string, TypingReceived[]>();
  for (const received of [...history.typingReceived].sort((a, b) => a.receivedMs - b.receivedMs)) {
    const key = `${received.from}\u0000${received.to}`;
    const list = receivedByPair.get(key);
    if (list) list.push(received);
    else receivedByPair.set(key, [received]);
  }
  // Per pair, the first received indicator not yet matched nor too early for what follows.
  const next = new Map<string, number>();
  const findings: ChatExample[] = [];
  for (const sent of [...history.typingSent].sort((a, b) => a.sentMs - b.sentMs)) {
    const endMs = sent.sentMs + windowMs;
    if (!sent.recipientConnected || endMs > history.final.atMs) continue;
    if (!connectedThroughout(connections, sent.to, sent.sentMs, endMs)) continue;
    if (!connectedThroughout(connections, sent.from, sent.sentMs, endMs)) continue;
    const key = `${sent.from}\u0000${sent.to}`;
    const candidates = receivedByPair.get(key) ?? [];
    let index = next.get(key) ?? 0;
    while ((candidates[index]?.receivedMs ?? Number.POSITIVE_INFINITY) < sent.sentMs) index += 1;
    const matched = (candidates[index]?.receivedMs ?? Number.POSITIVE_INFINITY) <= endMs;
    next.set(key, matched ? index + 1 : index);
    if (matched) continue;
    findings.push({
      kind: 'typing-lost',
      account: sent.to,
      server: serverOf(connections, sent.to, sent.sentMs),
      expected: `typing from ${sent.from} within ${windowMs} ms`,
      observed: 'none',
      atMs: sent.sentMs,
    });
  }
  return findings;
}
