/**
 * Questions about the users' connection spans: which server a user was on, whether it
 * stayed connected through a window, whether its connection changed lately. A span
 * counts as connected from `openMs` to `closeMs` inclusive; an open span never closes.
 */
import type { ConnectionSpan } from './history.js';

/** Each user's spans, by opening time. */
export type Connections = ReadonlyMap<string, readonly ConnectionSpan[]>;

/** What a finding names as its server when the user never connected. */
export const NO_SERVER = 'none';

export function indexConnections(spans: readonly ConnectionSpan[]): Connections {
  const byUser = new Map<string, ConnectionSpan[]>();
  for (const span of [...spans].sort((a, b) => a.openMs - b.openMs)) {
    const list = byUser.get(span.user);
    if (list) list.push(span);
    else byUser.set(span.user, [span]);
  }
  return byUser;
}

const closeOf = (span: ConnectionSpan): number => span.closeMs ?? Number.POSITIVE_INFINITY;

export function connectedAt(connections: Connections, user: string, atMs: number): boolean {
  return (connections.get(user) ?? []).some((span) => span.openMs <= atMs && atMs <= closeOf(span));
}

/** Whether one span covers the whole of [fromMs, toMs]. */
export function connectedThroughout(connections: Connections, user: string, fromMs: number, toMs: number): boolean {
  return (connections.get(user) ?? []).some((span) => span.openMs <= fromMs && toMs <= closeOf(span));
}

/**
 * Whether the user had a connection that should have brought it what was sent at `atMs`
 * and stored (acknowledged) at `storedMs`: one whose catch-up read the log successfully
 * after `storedMs`, or one open at `atMs` that lasted to `endMs` (live delivery). A user
 * who never connected again, or whose every history read after it failed (both happen on
 * an overloaded machine), could not have received it, whatever the design.
 */
export function reachableAfter(connections: Connections, user: string, atMs: number, endMs: number, storedMs = atMs): boolean {
  return (connections.get(user) ?? []).some(
    (span) => (span.caughtUpMs !== undefined && span.caughtUpMs >= storedMs) || (span.openMs <= atMs && closeOf(span) >= endMs),
  );
}

/** Whether any of the user's spans opened or closed at or after `sinceMs`. */
export function changedSince(connections: Connections, user: string, sinceMs: number): boolean {
  return (connections.get(user) ?? []).some((span) => span.openMs >= sinceMs || (span.closeMs !== undefined && span.closeMs >= sinceMs));
}

/**
 * The server a user was on at `atMs`; when it was not connected then, the server of its
 * next connection (the one that should have caught it up from history), else its last.
 */
export function serverOf(connections: Connections, user: string, atMs: number): string {
  const spans = connections.get(user) ?? [];
  const span =
    spans.find((s) => s.openMs <= atMs && atMs <= closeOf(s)) ?? spans.find((s) => s.openMs > atMs) ?? spans[spans.length - 1];
  return span?.server ?? NO_SERVER;
}
