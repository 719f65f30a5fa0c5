/**
 * Latency histograms: HdrHistogram (hdr-histogram-js, pure-JS build) recording
 * MICROSECONDS, summarised in MILLISECONDS for the report. Histograms travel as
 * compressed base64 and merge exactly, so shards from several load machines add up.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from '../result.js';

export type { Histogram };

/** Smallest latency told apart from zero: 1 µs. */
export const LOWEST_US = 1;
/** Largest latency tracked: 120 s. Longer values are recorded as 120 s. */
export const HIGHEST_US = 120_000_000;
/** Three significant digits: a value is known to within 0.1%. */
export const SIGNIFICANT_DIGITS = 3;

/** A new, empty latency histogram (µs, 1 µs .. 120 s, 3 significant digits). */
export function createLatencyHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    // A fixed range keeps every histogram mergeable with every other; we clamp instead.
    autoResize: false,
    bitBucketSize: 32,
    useWebAssembly: false,
  });
}

/**
 * Records one latency in µs. Values beyond 120 s are clamped to 120 s and negative or
 * non-finite ones to 0, so a wild measurement is kept as data, never thrown.
 */
export function recordLatency(h: Histogram, latencyUs: number): void {
  h.recordValue(clampUs(latencyUs));
}

function clampUs(us: number): number {
  if (Number.isNaN(us) || us <= 0) return 0;
  if (us >= HIGHEST_US) return HIGHEST_US;
  return Math.round(us);
}

/** µs → ms, rounded to 3 decimals (i.e. to the microsecond). */
function ms(us: number): number {
  return Math.round(us) / 1000;
}

/**
 * Count, mean and p50/p90/p99/p99.9/max of `h`, in milliseconds; all zeros when empty.
 * Like every HdrHistogram, a percentile is the highest value of its bucket: at most 0.1%
 * above the truth, never below it.
 */
export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: h.totalCount,
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    // Not `maxValue`: that is exact in a live histogram but bucketed once decoded; the
    // percentile form is the same either way, so a merged summary equals a local one.
    max: ms(h.getValueAtPercentile(100)),
  };
}

/** The histogram as compressed base64 (HdrHistogram's standard, portable encoding). */
export function encode(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

/** A histogram back from `encode()`'s string. */
export function decode(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 32, false);
}

/** A new histogram holding every value of every histogram in `list` (counts add up). */
export function merge(list: Iterable<Histogram>): Histogram {
  const total = createLatencyHistogram();
  for (const h of list) total.add(h);
  return total;
}
