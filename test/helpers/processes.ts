import { readdirSync, readFileSync } from 'node:fs';

/**
 * Live processes started on behalf of statebench process `parentPid`: every child
 * statebench starts (servers, balancer, private Redis) carries STATEBENCH_PARENT_PID in
 * its environment, which survives re-parenting, so orphans are found too.
 */
export function processesOf(parentPid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(`STATEBENCH_PARENT_PID=${parentPid}`)) continue;
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(state)) continue; // a zombie is already dead
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Live processes whose command line contains `text` (redis-server rewrites its environ). */
export function processesMatching(text: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (command.includes(text) && !/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) found.push({ pid: Number(entry), command });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Live (not zombie) processes whose parent is `pid`, read from /proc. */
export function childrenOf(pid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || Number(ppid) !== pid) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() });
    } catch {
      // gone while we looked
    }
  }
  return found;
}
