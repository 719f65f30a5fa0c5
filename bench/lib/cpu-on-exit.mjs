/**
 * Preloaded into a bench child (`node --import`): on exit, writes the process's own CPU
 * time (user + system, µs) and peak RSS to $STATEBENCH_BENCH_CPU_FILE, so the bench
 * compares the driver's cost with autocannon's without counting the children either starts.
 */
import fs from 'node:fs';

const file = process.env.STATEBENCH_BENCH_CPU_FILE;
if (file) {
  process.once('exit', () => {
    const { user, system } = process.cpuUsage();
    fs.writeFileSync(file, JSON.stringify({ cpuUs: user + system, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
