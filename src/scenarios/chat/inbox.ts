/**
 * What one chat user has received, as a chat client keeps it: each message once, by its
 * position (seq) in the user's log, with the watermark below which it holds every one.
 * The watermark is what the client asks to catch up after, and what it marks read.
 */
import type { Clock } from '../../driver/clock.js';
import type { ChatLog } from './recorder.js';

export type Via = 'live' | 'history';

export class Inbox {
  /** Log positions (seq) this user holds, and the id at each. */
  private readonly held = new Map<number, string>();
  private watermark = 0;
  private highest = 0;
  /** How each message first came: live or from history. */
  private readonly seenVia = new Map<string, Via>();
  /** Ids this user has received, in order of first receipt. */
  readonly seen: string[] = [];

  constructor(
    private readonly user: string,
    private readonly log: ChatLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a receipt. The same message both live and in the history fetched after a
   * (re)connect is the protocol's expected overlap and is dropped, as any chat client
   * drops it; the same message twice by the same way is a duplicate and is recorded.
   */
  receive(id: string, from: string, seq: unknown, via: Via): void {
    const firstVia = this.seenVia.get(id);
    if (firstVia !== undefined && firstVia !== via) return;
    this.log.received.push({ id, from, to: this.user, receivedMs: this.clock.now(), via });
    if (firstVia === undefined) {
      this.seenVia.set(id, via);
      this.seen.push(id);
    }
    if (typeof seq === 'number' && Number.isInteger(seq) && seq > 0) {
      this.held.set(seq, id);
      this.highest = Math.max(this.highest, seq);
      while (this.held.has(this.watermark + 1)) this.watermark++;
    }
  }

  /** The id at the watermark: the history to catch up on is what came after it. */
  get caughtUpTo(): string | undefined {
    return this.held.get(this.watermark);
  }

  /**
   * The newest id held when what is held is a whole prefix of the log (no message
   * missing below it), else undefined: a client shows, and marks read, a conversation
   * only up to its first gap.
   */
  get readableUpTo(): string | undefined {
    return this.highest === this.watermark ? this.held.get(this.watermark) : undefined;
  }
}
