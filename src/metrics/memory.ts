import { readFileSync } from 'node:fs';

/** Peak resident memory (MiB) of each process of a run, sampled while it goes. */
export type MemoryFigures = Record<string, number>;

export interface MemorySampler {
  /** Stops sampling and returns the peaks, in MiB rounded to 0.1. */
  stop(): MemoryFigures;
}

/**
 * Samples resident memory of statebench's own process (`driver`) and of the given
 * processes every `everyMs`, from /proc (Linux); elsewhere only the driver is measured.
 */
export function sampleMemory(processes: () => Readonly<Record<string, number | undefined>>, everyMs = 500): MemorySampler {
  const peaks = new Map<string, number>();
  const sample = () => {
    note(peaks, 'driver', process.memoryUsage().rss);
    for (const [label, pid] of Object.entries(processes())) {
      const rss = pid === undefined ? undefined : residentBytes(pid);
      if (rss !== undefined) note(peaks, label, rss);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return Object.fromEntries([...peaks].map(([label, bytes]) => [label, Math.round((bytes / 2 ** 20) * 10) / 10]));
    },
  };
}

function note(peaks: Map<string, number>, label: string, bytes: number): void {
  peaks.set(label, Math.max(peaks.get(label) ?? 0, bytes));
}

/** VmRSS of a live process, or undefined (gone, or not Linux). */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
