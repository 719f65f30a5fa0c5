/**
 * Typing indicators. Late is not lost: an indicator that reaches its recipient after its
 * window (under overload, say) but before the end of the run is *late* — its delay is a
 * latency — never a consistency error. One is `typing-lost` only when it never arrived
 * although both ends stayed connected from its sending to the end of the history.
 *
 * Indicators carry no id, so each one received answers for the earliest one of the same
 * pair sent before it and not yet answered (greedy, in time order: as many as can be
 * matched are). Not judged, and answering for none: indicators sent while the recipient
 * was away, and those whose sender or recipient left before the end (an indicator is
 * fire-and-forget on the sender's connection: a server that dies holding it takes it
 * along). One sent less than a window before the end that has not arrived may still be
 * on its way: it is not judged either.
 */
import { connectedThroughout, serverOf, type Connections } from './checker-connections.js';
import type { ChatExample, ChatHistory, TypingReceived, TypingSent } from './history.js';

/** An indicator the checker judges, and when the one answering it arrived (absent: none did). */
export interface TypingMatch {
  readonly sent: TypingSent;
  readonly receivedMs?: number;
}

/** The judged indicators, in the order they were sent, each with its answer if any. */
export function matchTyping(history: ChatHistory, connections: Connections): TypingMatch[] {
  const receivedByPair = new Map<string, TypingReceived[]>();
  for (const received of [...history.typingReceived].sort((a, b) => a.receivedMs - b.receivedMs)) {
    const key = `${received.from}\u0000${received.to}`;
    const list = receivedByPair.get(key);
    if (list) list.push(received);
    else receivedByPair.set(key, [received]);
  }
  const endMs = history.final.atMs;
  // Per pair, the first received indicator not yet matched nor too early for what follows.
  const next = new Map<string, number>();
  const matches: TypingMatch[] = [];
  for (const sent of [...history.typingSent].sort((a, b) => a.sentMs - b.sentMs)) {
    if (!sent.recipientConnected) continue;
    if (!connectedThroughout(connections, sent.to, sent.sentMs, endMs)) continue;
    if (!connectedThroughout(connections, sent.from, sent.sentMs, endMs)) continue;
    const key = `${sent.from}\u0000${sent.to}`;
    const candidates = receivedByPair.get(key) ?? [];
    let index = next.get(key) ?? 0;
    while ((candidates[index]?.receivedMs ?? Number.POSITIVE_INFINITY) < sent.sentMs) index += 1;
    const answer = candidates[index];
    next.set(key, answer ? index + 1 : index);
    matches.push(answer ? { sent, receivedMs: answer.receivedMs } : { sent });
  }
  return matches;
}

/** `typing-lost`: a judged indicator that never arrived, and whose window ended before the history did. */
export function checkTyping(history: ChatHistory, matches: readonly TypingMatch[], connections: Connections, windowMs: number): ChatExample[] {
  return matches
    .filter(({ sent, receivedMs }) => receivedMs === undefined && sent.sentMs + windowMs <= history.final.atMs)
    .map(({ sent }) => ({
      kind: 'typing-lost',
      account: sent.to,
      server: serverOf(connections, sent.to, sent.sentMs),
      expected: `typing from ${sent.from} by the end of the run`,
      observed: 'none',
      atMs: sent.sentMs,
    }));
}

/** Milliseconds from sending to arrival of each judged indicator that arrived, in send order. */
export function typingLatencies(matches: readonly TypingMatch[]): number[] {
  return matches.flatMap(({ sent, receivedMs }) => (receivedMs === undefined ? [] : [receivedMs - sent.sentMs]));
}
