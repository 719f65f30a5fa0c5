/**
 * Is statebench itself the bottleneck? Each of its processes (the driver, the balancer)
 * samples its own event-loop delay (`perf_hooks.monitorEventLoopDelay`) and CPU
 * (`process.cpuUsage`) over the load; past a threshold the report says that the
 * figures include statebench's own delay (docs/NOTES.md, "Saturation").
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ProcessSaturation, Saturation } from '../result.js';

/** A loop whose p99 delay passes this (ms) answers late enough to show in the latencies. */
export const LOOP_DELAY_P99_LIMIT_MS = 20;
/** A process past this share of one core (%) is short of CPU: its timers and reads queue. */
export const CPU_PERCENT_LIMIT = 90;

/** How finely the loop's delay is sampled (ms): the delay below this is not seen. */
const RESOLUTION_MS = 10;

export interface SaturationSampler {
  /** The figures since the sampler started; it stops sampling. */
  stop(): ProcessSaturation;
  /** The figures since the sampler started, sampling on. */
  read(): ProcessSaturation;
}

/** Starts sampling this process. */
export function sampleSaturation(): SaturationSampler {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const cpu = process.cpuUsage();
  const since = performance.now();
  const read = (): ProcessSaturation => {
    const used = process.cpuUsage(cpu);
    const wallMs = Math.max(1, performance.now() - since);
    // The histogram holds how late each `resolution` tick came, in ns, tick included.
    const late = (ns: number) => (Number.isFinite(ns) && histogram.count > 0 ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
    return {
      eventLoopDelayP99Ms: round(late(histogram.percentile(99))),
      eventLoopDelayMaxMs: round(late(histogram.max)),
      cpuPercent: round(((used.user + used.system) / 1000 / wallMs) * 100),
    };
  };
  return {
    read,
    stop: () => {
      const figures = read();
      histogram.disable();
      return figures;
    },
  };
}

/** Whether one process was past a threshold. */
export function isSaturated(figures: ProcessSaturation): boolean {
  return figures.eventLoopDelayP99Ms > LOOP_DELAY_P99_LIMIT_MS || figures.cpuPercent > CPU_PERCENT_LIMIT;
}

/** The report's `saturation`: both processes' figures, and whether either was past a threshold. */
export function judgeSaturation(driver: ProcessSaturation, balancer?: ProcessSaturation): Saturation {
  return {
    driver,
    ...(balancer ? { balancer } : {}),
    saturated: isSaturated(driver) || (balancer !== undefined && isSaturated(balancer)),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
