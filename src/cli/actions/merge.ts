import { basename, dirname } from 'node:path';
import { EXIT } from '../../errors.js';
import { renderJson, writeWhole } from '../../report/json.js';
import { mergeShards } from '../../report/merge-shards.js';
import { readReport } from '../../report/read.js';
import type { CliIo } from '../io.js';
import { checkWritableFile } from '../writable.js';

/** `statebench merge`: the shards' reports read, joined and written whole (docs/remote.md). */
export async function mergeAction(io: CliIo, setExit: (code: number) => void, paths: readonly string[], flags: { out?: string }): Promise<void> {
  if (flags.out !== undefined) await checkWritableFile('--out', flags.out);
  const reports = [];
  for (const path of paths) reports.push({ path, result: await readReport(path) });
  const merged = mergeShards(reports);
  if (flags.out === undefined) io.out(renderJson(merged));
  else io.out(`merged ${reports.length} shards: ${await writeWhole(dirname(flags.out), basename(flags.out), renderJson(merged))}\n`);
  setExit(EXIT.ok);
}
