import type { RunConfig } from '../config/types.js';
import type { RunEvent } from '../orchestrator/events.js';
import type { CliIo } from './io.js';

/** Off a terminal, one plain line per design this often: readable in a CI log, no redraw storm. */
export const PLAIN_EVERY_MS = 2000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/**
 * Progress while a run goes, on stderr. On a terminal: one live line, redrawn in place,
 * for the design under way (elapsed / total, journeys, errors, losses, faults as they
 * fire). Elsewhere: plain lines every few seconds and at each fault, never a cursor code.
 */
export class ProgressPrinter {
  private lastPlainMs = new Map<string, number>();
  private faults: string[] = [];
  private live = false;

  constructor(
    private readonly io: CliIo,
    private readonly config: RunConfig,
  ) {}

  private get tty(): boolean {
    return this.io.stderrIsTTY;
  }

  /** Writes a line that stays (ends the live line first). */
  private line(text: string): void {
    if (this.live) this.io.err('\r\u001b[2K');
    this.live = false;
    this.io.err(`${text}\n`);
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'redis':
        return this.line(`  redis: ${event.url}${event.owned ? ' (private redis-server)' : ''}`);
      case 'design-start':
        this.faults = [];
        if (this.config.external) {
          const start = this.config.startAtMs === undefined ? '' : `, load from ${new Date(this.config.startAtMs).toISOString()}`;
          return this.line(`  ${event.design}: driving the fleet at ${event.balancerUrl} (not started by statebench)${start}`);
        }
        return this.line(`  ${event.design}: ${this.config.servers} servers up behind ${event.balancer} balancer at ${event.balancerUrl}`);
      case 'fault': {
        const text = `${event.fault.label ?? event.fault.kind} at ${seconds(event.fault.firedAtMs ?? 0)}`;
        this.faults.push(text);
        return this.tty ? undefined : this.line(`  ${event.design}: ${text}`);
      }
      case 'fault-error':
        return this.line(`  ${event.design}: fault failed: ${event.message}`);
      case 'progress':
        return this.progress(event);
      case 'design-end': {
        const { journeys, sessionLoss, requests, consistency } = event.run;
        return this.line(
          `  ${event.design}: done, ${journeys.started} journeys, ${sessionLoss.journeys} lost, ${requests.errors} request errors, ${consistency.errors} consistency errors`,
        );
      }
    }
  }

  private progress(event: Extract<RunEvent, { type: 'progress' }>): void {
    const total = this.config.durationMs;
    const elapsed = Math.min(event.elapsedMs, total);
    const text = `  ${event.design}: ${seconds(elapsed)}/${seconds(total)} journeys ${event.journeys} errors ${event.errors} lost ${event.lost} failed ${event.failed}`;
    if (this.tty) {
      const faults = this.faults.length ? ` · ${this.faults.join(', ')}` : '';
      const width = (this.io.columns ?? 120) - 1;
      this.io.err(`\r\u001b[2K${`${text}${faults}`.slice(0, width)}`);
      this.live = true;
      return;
    }
    const last = this.lastPlainMs.get(event.design) ?? 0;
    if (event.elapsedMs - last < PLAIN_EVERY_MS && event.elapsedMs < total) return;
    this.lastPlainMs.set(event.design, event.elapsedMs);
    this.line(text);
  }

  /** Ends a live line, so what follows starts on its own line. */
  finish(): void {
    if (this.live) this.io.err('\n');
    this.live = false;
  }
}
