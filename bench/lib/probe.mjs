/**
 * Latency on one keep-alive connection, one request at a time, timed in microseconds
 * (autocannon's histograms count whole milliseconds, too coarse for a balancer's added
 * fraction of one). The same probe measures every target, so only differences matter.
 */
import { Client } from 'undici';

/** Sends `count` GETs of `path` after `warmup` unrecorded ones; resolves with p50/p99 in ms. */
export async function probe(url, path, { count = 3000, warmup = 300 } = {}) {
  const client = new Client(url, { pipelining: 1 });
  const samples = new Float64Array(count);
  try {
    for (let i = -warmup; i < count; i++) {
      const started = process.hrtime.bigint();
      const res = await client.request({ method: 'GET', path });
      await res.body.dump();
      if (i >= 0) samples[i] = Number(process.hrtime.bigint() - started) / 1e6;
    }
  } finally {
    await client.close();
  }
  samples.sort();
  const at = (q) => samples[Math.min(count - 1, Math.floor(q * count))];
  return { p50: at(0.5), p99: at(0.99) };
}
