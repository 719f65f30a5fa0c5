/**
 * HAProxy's runtime API over its stats socket: one command per connection (the socket's
 * non-interactive mode), its answer as text.
 */
import { connect } from 'node:net';
import { EnvironmentError } from '../errors.js';

const TIMEOUT_MS = 5000;

export function runtimeCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path: socketPath });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new EnvironmentError(`HAProxy's runtime API did not answer \`${command}\` within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new EnvironmentError(`HAProxy's runtime API (${socketPath}): ${error.message}`));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.once('connect', () => socket.end(`${command}\n`));
  });
}

/** A command that changes state answers nothing, or a line saying why it did not. */
export async function runtimeAction(socketPath: string, command: string): Promise<void> {
  const answer = (await runtimeCommand(socketPath, command)).trim();
  if (answer !== '') throw new EnvironmentError(`HAProxy refused \`${command}\`: ${answer}`);
}

/** The fields of `show stat` statebench reads (management.txt, "9.1. CSV format"). */
const STAT_FIELDS = ['pxname', 'svname', 'status', 'scur', 'stot', 'econ', 'eresp', 'wredis', 'hrsp_5xx'] as const;
export type StatRow = Readonly<Record<(typeof STAT_FIELDS)[number], string>>;

/** `show stat` as rows of the fields statebench reads ('' where a row has none). */
export function parseStatCsv(csv: string): StatRow[] {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines.shift()?.replace(/^#\s*/, '').split(',') ?? [];
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(STAT_FIELDS.map((name) => [name, cells[header.indexOf(name)] ?? ''])) as StatRow;
  });
}
