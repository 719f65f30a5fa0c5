/**
 * One virtual user's story in plain words, step by step, from the run's real data:
 * what they did, which server answered, what the faults did to them (the seed's Alice
 * walkthrough). Pure: a run in, text out.
 */
import type { DesignRun, TraceEvent } from '../result.js';
import { formatDollars } from './format.js';

const at = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;

type Step = Extract<TraceEvent, { type: 'step' }>;

/** "adds pepperoni", "withdraws $12.00", … or the request itself for a step it does not know. */
function doing(event: Step): string {
  const body = (event.body ?? {}) as { item?: unknown; amount?: unknown; user?: unknown };
  const amount = typeof body.amount === 'number' ? formatDollars(body.amount) : '';
  switch (event.step) {
    case 'login':
      return `logs in as ${String(body.user ?? '')}`.trim();
    case 'add':
      return `adds ${String(body.item ?? 'an item')} to the cart`;
    case 'view':
      return 'looks at the cart';
    case 'checkout':
      return 'pays';
    case 'balance':
      return 'checks the balance';
    case 'withdraw':
      return `withdraws ${amount}`;
    case 'deposit':
      return `deposits ${amount}`;
    default:
      return `${event.method} ${event.path}`;
  }
}

/** What came back, in a few words: the status, and the cart or balance it showed. */
function answered(event: Step): string {
  if (event.status === undefined) return `no answer (${event.error ?? 'timeout'}) after ${event.latencyMs} ms`;
  const answer = (event.answer ?? {}) as { cart?: unknown; balance?: unknown; error?: unknown; order?: { items?: unknown; total?: unknown } };
  const parts = [`${event.status}`];
  if (typeof answer.error === 'string') parts.push(`"${answer.error}"`);
  if (Array.isArray(answer.cart)) parts.push(`cart: ${answer.cart.length ? answer.cart.join(', ') : 'empty'}`);
  if (answer.order && typeof answer.order.total === 'number') parts.push(`order of ${formatDollars(answer.order.total)}`);
  if (typeof answer.balance === 'number') parts.push(`balance ${formatDollars(answer.balance)}`);
  return `${parts.join(', ')} in ${event.latencyMs} ms`;
}

function line(event: TraceEvent): string {
  switch (event.type) {
    case 'journey-start':
      return `${at(event.atMs)}  journey ${event.journey} begins`;
    case 'journey-end':
      if (event.outcome === 'completed') return `${at(event.atMs)}  journey ${event.journey} completed`;
      if (event.outcome === 'lost') return `${at(event.atMs)}  journey ${event.journey}: SESSION LOST (${event.reason}); starts over`;
      return `${at(event.atMs)}  journey ${event.journey} failed (${event.reason})`;
    case 'step': {
      const server = event.server === '-' ? 'nobody' : event.server;
      const tab = event.tab === undefined ? '' : `tab ${event.tab}: `;
      return `${at(event.atMs)}    ${tab}${doing(event)} → ${server}: ${answered(event)}`;
    }
  }
}

/** The story of `run.trace`, with the run's faults woven in at the time they fired. */
export function renderTrace(run: DesignRun): string {
  if (!run.trace) return '';
  const lines: { atMs: number; text: string }[] = run.trace.events.map((event) => ({ atMs: event.atMs, text: line(event) }));
  for (const fault of run.faults) {
    if (fault.firedAtMs !== undefined) lines.push({ atMs: fault.firedAtMs, text: `${at(fault.firedAtMs)}  ⚡ ${fault.label ?? fault.kind}` });
    if (fault.endedAtMs !== undefined && fault.spanMs !== undefined) {
      lines.push({ atMs: fault.endedAtMs, text: `${at(fault.endedAtMs)}  ⚡ ${fault.label ?? fault.kind} ends` });
    }
  }
  lines.sort((a, b) => a.atMs - b.atMs);
  return `${run.trace.user} on the ${run.arch} fleet (${run.balancer} balancer):\n${lines.map((entry) => entry.text).join('\n')}\n`;
}
