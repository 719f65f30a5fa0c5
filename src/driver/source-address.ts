/**
 * Every virtual user's own source address in 127.0.0.0/8, so that balancers that hash
 * the client's address (HAProxy's `balance source`, nginx's `hash $remote_addr`) spread
 * and stick as they do for real clients, instead of pinning every user to one server.
 * Linux answers on the whole range; where a system does not (macOS has only 127.0.0.1),
 * the run falls back to one address and says so.
 */
import { createServer, connect } from 'node:net';

/** User `index` (0-based) connects from 127.1.x.y: up to 65 024 distinct addresses. */
export function userAddress(index: number): string {
  const n = index % (254 * 256);
  return `127.1.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

/** Whether a connection bound to `address` reaches a loopback listener. */
function reaches(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: address });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export type SourceAddresses = { readonly of: (index: number) => string } | { readonly note: string };

/** The per-user addresses when the first and last of `users` can connect, else why not. */
export async function sourceAddresses(users: number): Promise<SourceAddresses> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const ends = [userAddress(0), userAddress(Math.max(0, users - 1))];
    const ok = await Promise.all(ends.map((address) => reaches(address, port)));
    if (ok.every(Boolean)) return { of: userAddress };
    return { note: `this system cannot connect from ${ends.join(' and ')}: every virtual user connects from 127.0.0.1, so an address-based strategy (source) sees one client` };
  } finally {
    server.close();
  }
}
