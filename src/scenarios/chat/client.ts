import { request } from 'undici';
import WebSocket from 'ws';
import type { Clock } from '../../driver/clock.js';
import type { Rng } from '../../driver/rng.js';
import { logIn } from './login.js';
import type { ChatLog } from './recorder.js';

export interface ChatClientOptions {
  readonly user: string;
  /** The balancer's http:// URL. */
  readonly origin: string;
  readonly clock: Clock;
  readonly log: ChatLog;
  readonly rng: Rng;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** The local address the WebSocket leaves from (`ws`'s `localAddress`), when the run gives each user one. */
  readonly localAddress?: string;
}

const BACKOFF_START_MS = 100;
const BACKOFF_MAX_MS = 2000;

/**
 * One chat user's connection, through the balancer. It logs in first (`POST /login`) and
 * keeps the signed token for the socket (`/ws?token=`) and the history it reads
 * (`Authorization: Bearer`). When the connection drops it reconnects with jittered
 * exponential backoff and asks for the messages it missed after the last one it saw, as
 * a real chat client does; a token the fleet refuses (401) is dropped and it logs in anew.
 */
export class ChatClient {
  private socket: WebSocket | undefined;
  private closeSpan: ((atMs: number) => void) | undefined;
  private readonly acks = new Map<string, () => void>();
  private connecting: Promise<void> | undefined;
  /**
   * Log positions (seq) this user holds. The watermark is the highest seq below which it
   * holds every message: what it asks to catch up after, and what it marks read.
   */
  private readonly held = new Map<number, string>();
  private watermark = 0;
  private highest = 0;
  private closedByUs = false;
  /** The signed login token, once logged in. */
  private loginToken: string | undefined;
  /** Live messages that came while catching up; shown once the history has been. */
  private heldBack: { id: string; from: string; seq: unknown }[] | undefined;
  /** Ids this user has received, in order of first receipt. */
  readonly seen: string[] = [];
  /** How each message first came: live or from history. */
  private readonly seenVia = new Map<string, 'live' | 'history'>();
  server = '-';

  constructor(private readonly options: ChatClientOptions) {}

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
   * Connects, then catches up from history. Live messages that arrive meanwhile are held
   * back and shown after the history, as a chat client merges the two: otherwise a
   * message sent after the reconnect would show before older ones the user missed. A
   * failed catch-up is retried on the same connection; a lost connection, reopened.
   */
  private async connectWithBackoff(): Promise<void> {
    let delay = BACKOFF_START_MS;
    for (;;) {
      if (this.options.signal.aborted || this.closedByUs) throw new Error('stopped');
      try {
        if (!this.connected) {
          // Kept across attempts: what came on a connection lost mid catch-up still counts.
          this.heldBack ??= [];
          this.loginToken ??= await logIn(this.options.origin, this.options.user, this.options.timeoutMs);
          await this.connectOnce(this.loginToken);
        }
        await this.catchUp();
        this.releaseHeldBack();
        if (this.connected) return;
      } catch {
        // Retried below, after a backoff.
      }
      await this.options.clock.sleep(delay * (0.5 + this.options.rng.next()), this.options.signal);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
    }
  }

  /** Shows the live messages held back during a catch-up, in the order they came. */
  private releaseHeldBack(): void {
    const frames = this.heldBack ?? [];
    this.heldBack = undefined;
    for (const frame of frames) this.receive(frame.id, frame.from, frame.seq, 'live');
  }

  private connectOnce(token: string): Promise<void> {
    const { origin, user, clock, log, timeoutMs } = this.options;
    const url = `${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, {
        handshakeTimeout: timeoutMs,
        ...(this.options.localAddress === undefined ? {} : { localAddress: this.options.localAddress }),
      });
      // A socket that did not get as far as hello is dropped whole, so a late one never
      // delivers frames beside its successor's.
      const abandon = (error: Error) => {
        socket.removeAllListeners('message');
        socket.on('error', () => {});
        socket.terminate();
        reject(error);
      };
      socket.once('error', abandon);
      socket.once('close', () => abandon(new Error('closed before hello')));
      socket.once('unexpected-response', (_req, res) => {
        res.resume();
        this.forgetRefusedToken(token, res.statusCode);
        abandon(new Error(`upgrade refused: ${res.statusCode ?? '?'}`));
      });
      socket.on('message', (data) => {
        const frame = parse(data.toString());
        if (frame?.type === 'hello') {
          this.server = String(frame.server ?? '-');
          this.socket = socket;
          this.closeSpan = log.open(user, this.server, clock.now());
          socket.removeAllListeners('error');
          socket.removeAllListeners('close');
          socket.on('error', () => {});
          socket.on('message', () => {});
          socket.on('close', () => this.onClose(socket));
          resolve();
          return;
        }
        if (this.socket === socket) this.onFrame(frame);
      });
    });
  }

  /** A token the fleet calls unknown (401) is no use again: the next attempt logs in. */
  private forgetRefusedToken(token: string, status: number | undefined): void {
    if (status === 401 && this.loginToken === token) this.loginToken = undefined;
  }

  private onClose(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.closeSpan?.(this.options.clock.now());
    this.socket = undefined;
    if (!this.closedByUs && !this.options.signal.aborted) void this.ensureConnected().catch(() => {});
  }

  private onFrame(frame: Frame | undefined): void {
    if (!frame) return;
    const { log, clock, user } = this.options;
    if (frame.type === 'ack' && typeof frame.id === 'string') {
      log.ack(frame.id, clock.now());
      this.acks.get(frame.id)?.();
    } else if (frame.type === 'message' && typeof frame.id === 'string') {
      const live = { id: frame.id, from: String(frame.from), seq: frame.seq };
      if (this.heldBack) this.heldBack.push(live);
      else this.receive(live.id, live.from, live.seq, 'live');
    } else if (frame.type === 'typing') {
      log.typingReceived.push({ from: String(frame.from), to: user, receivedMs: clock.now() });
    }
  }

  /**
   * Records a receipt. The same message both live and in the history fetched after a
   * (re)connect is the protocol's expected overlap and is dropped, as any chat client
   * drops it; the same message twice by the same way is a duplicate and is recorded.
   */
  private receive(id: string, from: string, seq: unknown, via: 'live' | 'history'): void {
    const { log, clock, user } = this.options;
    const firstVia = this.seenVia.get(id);
    if (firstVia !== undefined && firstVia !== via) return;
    log.received.push({ id, from, to: user, receivedMs: clock.now(), via });
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

  /** After a (re)connect: what was sent to this user while it was away. */
  private async catchUp(): Promise<void> {
    const { origin, user, timeoutMs } = this.options;
    const token = this.loginToken;
    if (token === undefined) throw new Error('history: not logged in');
    const mark = this.held.get(this.watermark);
    const after = mark === undefined ? '' : `?after=${encodeURIComponent(mark)}`;
    const response = await request(`${origin}/users/${encodeURIComponent(user)}/messages${after}`, {
      headers: { authorization: `Bearer ${token}` },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = (await response.body.json()) as { messages?: { id?: unknown; from?: unknown; seq?: unknown }[] };
    this.forgetRefusedToken(token, response.statusCode);
    if (response.statusCode !== 200) throw new Error(`history: ${response.statusCode}`);
    for (const message of body.messages ?? []) {
      if (typeof message.id === 'string') this.receive(message.id, String(message.from), message.seq, 'history');
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
   * Marks everything received so far as read, when that is a whole prefix of the log
   * (no message missing below the newest held); otherwise it waits for the gap to fill,
   * as a client shows a conversation only up to its first gap.
   */
  read(): void {
    const upTo = this.highest === this.watermark ? this.held.get(this.watermark) : undefined;
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

type Frame = { type?: unknown; id?: unknown; from?: unknown; server?: unknown; seq?: unknown };

function parse(text: string): Frame | undefined {
  try {
    return JSON.parse(text) as Frame;
  } catch {
    return undefined;
  }
}
