import WebSocket from 'ws';
import type { Clock } from '../../driver/clock.js';
import type { Rng } from '../../driver/rng.js';
import { UNGATED, type ConnectGate } from './connect-gate.js';
import { Inbox } from './inbox.js';
import { logIn } from './login.js';
import { fetchMissed } from './missed.js';
import type { ChatLog } from './recorder.js';
import { openChatSocket, type Frame } from './socket.js';

export interface ChatClientOptions {
  readonly user: string;
  /** The balancer's http:// URL. */
  readonly origin: string;
  readonly clock: Clock;
  readonly log: ChatLog;
  readonly rng: Rng;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Shared by the clients of one run: how many may be connecting at once. @default no limit */
  readonly gate?: ConnectGate;
  /** The local address the WebSocket leaves from (`ws`'s `localAddress`), when the run gives each user one. */
  readonly localAddress?: string;
}

const BACKOFF_START_MS = 100;
const BACKOFF_MAX_MS = 2000;

/** A live message that came while catching up: shown once the history has been. */
type HeldBack = { id: string; from: string; seq: unknown };

/**
 * One chat user's connection, through the balancer. It logs in first (`POST /login`) and
 * keeps the signed token for the socket (`/ws?token=`) and the history it reads
 * (`Authorization: Bearer`). When the connection drops it reconnects with jittered
 * exponential backoff and asks for the messages it missed after the last one it saw, as
 * a real chat client does; a token the fleet refuses (401) is dropped and it logs in anew.
 * What it received is its `Inbox`; the socket itself is `openChatSocket`'s.
 */
export class ChatClient {
  private socket: WebSocket | undefined;
  private closeSpan: ((atMs: number) => void) | undefined;
  private readonly acks = new Map<string, () => void>();
  private connecting: Promise<void> | undefined;
  private readonly inbox: Inbox;
  private closedByUs = false;
  /** The signed login token, once logged in. */
  private loginToken: string | undefined;
  /** Live messages that came while catching up; shown once the history has been. */
  private heldBack: HeldBack[] | undefined;
  server = '-';

  constructor(private readonly options: ChatClientOptions) {
    this.inbox = new Inbox(options.user, options.log, options.clock);
  }

  /** Ids this user has received, in order of first receipt. */
  get seen(): readonly string[] {
    return this.inbox.seen;
  }

  /** The token this user logged in with, for reads made on its behalf at the end. */
  get token(): string | undefined {
    return this.loginToken;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Connects (or waits for the reconnect under way); rejects when it cannot in time. */
  ensureConnected(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.connectWithBackoff().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Resolves once no (re)connect or catch-up is under way, however it ended. */
  settled(): Promise<void> {
    return (this.connecting ?? Promise.resolve()).catch(() => undefined);
  }

  /**
   * Connects, then catches up from history, each attempt within a slot of the run's
   * connect gate. Live messages that arrive meanwhile are held back and shown after the
   * history, as a chat client merges the two: otherwise a message sent after the
   * reconnect would show before older ones the user missed. A failed catch-up is retried
   * on the same connection; a lost connection, reopened.
   */
  private async connectWithBackoff(): Promise<void> {
    const { gate = UNGATED, signal, clock, rng } = this.options;
    let delay = BACKOFF_START_MS;
    for (;;) {
      if (signal.aborted || this.closedByUs) throw new Error('stopped');
      try {
        await gate.run(async () => {
          if (signal.aborted || this.closedByUs) return;
          if (!this.connected) {
            // Kept across attempts: what came on a connection lost mid catch-up still counts.
            this.heldBack ??= [];
            this.loginToken ??= await logIn(this.options.origin, this.options.user, this.options.timeoutMs);
            await this.connectOnce(this.loginToken);
          }
          await this.catchUp();
          this.releaseHeldBack();
        });
        if (this.connected) return;
      } catch {
        // Retried below, after a backoff.
      }
      await clock.sleep(delay * (0.5 + rng.next()), signal);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
    }
  }

  /** Shows the live messages held back during a catch-up, in the order they came. */
  private releaseHeldBack(): void {
    const frames = this.heldBack ?? [];
    this.heldBack = undefined;
    for (const frame of frames) this.inbox.receive(frame.id, frame.from, frame.seq, 'live');
  }

  private connectOnce(token: string): Promise<void> {
    const { origin, user, clock, log, timeoutMs, localAddress } = this.options;
    let mine: WebSocket | undefined;
    return openChatSocket(
      origin,
      token,
      timeoutMs,
      {
        onOpen: (socket, server) => {
          mine = socket;
          this.socket = socket;
          this.server = server;
          this.closeSpan = log.open(user, server, clock.now());
        },
        onFrame: (frame) => {
          if (this.socket === mine) this.onFrame(frame);
        },
        onClose: () => this.onClose(mine),
        onRefused: (status) => this.forgetRefusedToken(token, status),
      },
      localAddress,
    );
  }

  /** A token the fleet calls unknown (401) is no use again: the next attempt logs in. */
  private forgetRefusedToken(token: string, status: number | undefined): void {
    if (status === 401 && this.loginToken === token) this.loginToken = undefined;
  }

  private onClose(socket: WebSocket | undefined): void {
    if (this.socket !== socket) return;
    this.closeSpan?.(this.options.clock.now());
    this.socket = undefined;
    if (!this.closedByUs && !this.options.signal.aborted) void this.ensureConnected().catch(() => {});
  }

  private onFrame(frame: Frame): void {
    const { log, clock, user } = this.options;
    if (frame.type === 'ack' && typeof frame.id === 'string') {
      log.ack(frame.id, clock.now());
      this.acks.get(frame.id)?.();
    } else if (frame.type === 'message' && typeof frame.id === 'string') {
      const live = { id: frame.id, from: String(frame.from), seq: frame.seq };
      if (this.heldBack) this.heldBack.push(live);
      else this.inbox.receive(live.id, live.from, live.seq, 'live');
    } else if (frame.type === 'typing') {
      log.typingReceived.push({ from: String(frame.from), to: user, receivedMs: clock.now() });
    }
  }

  /** After a (re)connect: what was sent to this user while it was away. */
  private async catchUp(): Promise<void> {
    const { origin, user, timeoutMs, clock, log } = this.options;
    const token = this.loginToken;
    if (token === undefined) throw new Error('history: not logged in');
    const readMs = clock.now();
    const { status, messages } = await fetchMissed(origin, user, token, this.inbox.caughtUpTo, timeoutMs);
    this.forgetRefusedToken(token, status);
    if (status !== 200) throw new Error(`history: ${status}`);
    log.caughtUp(user, readMs);
    for (const message of messages) {
      if (typeof message.id === 'string') this.inbox.receive(message.id, String(message.from), message.seq, 'history');
    }
  }

  /** Sends a message and waits for its ack; resolves whether it was acknowledged in time. */
  async send(id: string, to: string, text: string): Promise<boolean> {
    const socket = this.socket;
    if (!socket || !this.connected) return false;
    const acked = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), this.options.timeoutMs);
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.acks.delete(id);
        resolve(value);
      };
      this.acks.set(id, () => done(true));
    });
    this.options.log.send({ id, from: this.options.user, to, sentMs: this.options.clock.now() });
    socket.send(JSON.stringify({ type: 'send', id, to, text }));
    return acked;
  }

  typing(to: string, recipientConnected: boolean): void {
    if (!this.connected) return;
    this.options.log.typingSent.push({ from: this.options.user, to, sentMs: this.options.clock.now(), recipientConnected });
    this.socket!.send(JSON.stringify({ type: 'typing', to }));
  }

  /**
   * Marks everything received so far as read, when that is a whole prefix of the log;
   * otherwise it waits for the gap to fill (`Inbox.readableUpTo`).
   */
  read(): void {
    const upTo = this.inbox.readableUpTo;
    if (!this.connected || upTo === undefined) return;
    this.options.log.reads.push({ user: this.options.user, upTo, sentMs: this.options.clock.now() });
    this.socket!.send(JSON.stringify({ type: 'read', upTo }));
  }

  close(): void {
    this.closedByUs = true;
    this.closeSpan?.(this.options.clock.now());
    this.socket?.terminate();
    this.socket = undefined;
  }
}
