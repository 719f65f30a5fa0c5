/**
 * The order integration files start in. Two workers take files from one queue, so the run
 * ends when the last file does: a long file started last keeps one worker busy while the
 * other idles. vitest orders by the durations it cached in node_modules/.vite, which a
 * clean clone (CI) has not; it then starts the largest files first, and size says little
 * here (chaos.test.ts is small and among the slowest). So the slowest files, as measured,
 * start first; the rest follow in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Slowest first: seconds of each file on a two-core machine, two files at a time as
 * `npm test` runs them (2026-12-02, a shared and busy machine: read them as an order).
 */
export const SLOWEST_FILES: readonly string[] = [
  'target-files', // 56
  'chaos', // 55
  'cli-ci', // 51
  'sqlite-store', // 47
  'proxies', // 31
  'atm-run', // 30
  'cli', // 30
  'targets-chat', // 26
  'pizza-run', // 25
  'remote', // 25
  'conformance', // 22
].map((name) => `test/integration/${name}.test.ts`);

const rank = (spec: TestSpecification): number => {
  const index = SLOWEST_FILES.findIndex((path) => spec.moduleId.endsWith(path));
  return index < 0 ? SLOWEST_FILES.length : index;
};

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // vitest runs the projects one after the other: reorder within each, keeping their order.
    const projects = [...new Set(sorted.map((spec) => spec.project.name))];
    return projects.flatMap((name) =>
      sorted
        .filter((spec) => spec.project.name === name)
        .map((spec, index) => ({ spec, index }))
        .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
        .map(({ spec }) => spec),
    );
  }
}
