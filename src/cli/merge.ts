import type { Command } from 'commander';
import { dirname, basename } from 'node:path';
import { EXIT } from '../errors.js';
import { renderJson, writeWhole } from '../report/json.js';
import { mergeShards } from '../report/merge-shards.js';
import { readReport } from '../report/read.js';
import type { CliIo } from './io.js';
import { checkWritableFile } from './writable.js';

export function registerMerge(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('join the reports of `run --shard i/n` into one report (counts add, histograms merge exactly); see docs/remote.md')
    .argument('<reports...>', 'every shard\'s JSON report, once each')
    .option('--out <file>', 'write the merged report here (default: stdout)')
    .action(async (paths: string[], flags: { out?: string }) => {
      if (flags.out !== undefined) await checkWritableFile('--out', flags.out);
      const reports = [];
      for (const path of paths) reports.push({ path, result: await readReport(path) });
      const merged = mergeShards(reports);
      if (flags.out === undefined) io.out(renderJson(merged));
      else io.out(`merged ${reports.length} shards: ${await writeWhole(dirname(flags.out), basename(flags.out), renderJson(merged))}\n`);
      setExit(EXIT.ok);
    });
}
