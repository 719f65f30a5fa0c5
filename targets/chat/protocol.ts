/**
 * The chat wire protocol (docs/protocols.md): the frames a client sends and the server
 * answers, and the checks a client frame must pass. Written once, so both designs
 * refuse the same frames with the same words.
 */

import { USER_NAME } from '../common/user.js';

export { USER_NAME };

/** Longest message or `upTo` id, and longest text, in characters. */
export const MAX_ID_LENGTH = 128;
export const MAX_TEXT_LENGTH = 4_096;

/** A message as a recipient's log keeps it, and as `GET /users/:u/messages` lists it. */
export interface ChatMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** When the server that took it stored it, in ms since the epoch. */
  readonly ts: number;
  /**
   * Its 1-based position in the recipient's log. Frames can arrive in another order than
   * the log's (senders on different servers), so a client names "what I have read" and
   * "what I missed" by the highest seq it holds, not by the last frame that came.
   */
  readonly seq: number;
}

/** A message before a store has given it its place in the recipient's log. */
export type NewMessage = Omit<ChatMessage, 'seq'>;

export type ClientFrame =
  | { readonly type: 'send'; readonly id: string; readonly to: string; readonly text: string }
  | { readonly type: 'typing'; readonly to: string }
  | { readonly type: 'read'; readonly upTo: string };

export type ServerFrame =
  | { readonly type: 'hello'; readonly server: string }
  | { readonly type: 'message'; readonly id: string; readonly from: string; readonly text: string; readonly ts: number; readonly seq: number }
  | { readonly type: 'ack'; readonly id: string }
  | { readonly type: 'typing'; readonly from: string }
  /** `id` names the send that failed, when the frame had one, so a client can tell which. */
  | { readonly type: 'error'; readonly error: string; readonly id?: string };

/** A frame the server refuses; the connection stays open. */
export class FrameError extends Error {
  constructor(
    message: string,
    readonly id?: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** The live frame a recipient gets for a stored message. */
export const messageFrame = ({ id, from, text, ts, seq }: ChatMessage): ServerFrame => ({ type: 'message', id, from, text, ts, seq });

const shown = (value: unknown): string => JSON.stringify(value) ?? 'nothing';

function userField(fields: Record<string, unknown>, name: string, id?: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || !USER_NAME.test(value)) {
    throw new FrameError(`expected "${name}" to be a user name of 1 to 64 letters, digits, '_', '.' or '-', got ${shown(value)}`, id);
  }
  return value;
}

function idField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_LENGTH) {
    throw new FrameError(`expected "${name}" to be a non-empty string of at most ${MAX_ID_LENGTH} characters, got ${shown(value)}`);
  }
  return value;
}

/** Parses one text frame; throws `FrameError` saying what was expected and what came. */
export function parseClientFrame(text: string): ClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FrameError('expected a JSON object, got invalid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FrameError(`expected a JSON object, got ${shown(value)}`);
  }
  const fields = value as Record<string, unknown>;
  switch (fields.type) {
    case 'send': {
      const id = idField(fields, 'id');
      const to = userField(fields, 'to', id);
      const { text } = fields;
      if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH) {
        throw new FrameError(`expected "text" to be a string of at most ${MAX_TEXT_LENGTH} characters`, id);
      }
      return { type: 'send', id, to, text };
    }
    case 'typing':
      return { type: 'typing', to: userField(fields, 'to') };
    case 'read':
      return { type: 'read', upTo: idField(fields, 'upTo') };
    default:
      throw new FrameError(`expected "type" to be "send", "typing" or "read", got ${shown(fields.type)}`);
  }
}
