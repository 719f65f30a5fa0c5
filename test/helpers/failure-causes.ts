/**
 * A reporter, beside vitest's default one, for the failures the default one counts but
 * does not explain.
 *
 * When a test file's worker process dies under it (a signal, the kernel's OOM killer, a
 * native crash), vitest 4 records one unhandled error, `[vitest-pool]: Worker forks
 * emitted error` caused by `Worker exited unexpectedly`, and prints nothing else: the
 * file is neither passed nor failed (its tests stay `pending`), so there is no Failed
 * Tests block, no file name, no test name and no exit status. The summary shows
 * `Errors 1 error` and `Test Files N passed (N+1)`. This reporter says which file never
 * finished, which of its tests were under way, and how each worker process that died
 * under a file ended (its exit code or signal), and it prints every unhandled error with
 * the file and test vitest attributed it to and its whole cause chain.
 */
import { ChildProcess } from 'node:child_process';
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, Vitest } from 'vitest/node';

/** How a vitest worker process ended while it still ran a file. */
interface WorkerExit {
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: Date;
}

const WORKER_ENTRY = /vitest[\\/]dist[\\/]workers[\\/]/;

/**
 * vitest gives a reporter no event for a worker's exit, so the exits of its worker
 * processes are read where Node emits them. Only recorded, never changed; vitest stops
 * a finished worker with SIGTERM, so those exits are left out.
 */
function watchWorkerExits(record: (exit: WorkerExit) => void): void {
  const emit = ChildProcess.prototype.emit as (this: ChildProcess, event: string | symbol, ...args: unknown[]) => boolean;
  ChildProcess.prototype.emit = function (this: ChildProcess, event: string | symbol, ...args: unknown[]) {
    if (event === 'exit' && this.spawnargs.some((arg) => WORKER_ENTRY.test(arg))) {
      const [code, signal] = args as [number | null, NodeJS.Signals | null];
      if (signal !== 'SIGTERM' && !(code === 0 && signal === null)) record({ pid: this.pid, code, signal, at: new Date() });
    }
    return emit.call(this, event, ...args);
  };
}

export default class FailureCauses implements Reporter {
  /** Tests that started and have no result yet, per file. */
  private readonly underWay = new Map<string, Set<string>>();
  private readonly exits: WorkerExit[] = [];
  private root = process.cwd();

  constructor() {
    watchWorkerExits((exit) => this.exits.push(exit));
  }

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestCaseReady(test: TestCase): void {
    const tests = this.underWay.get(test.module.moduleId) ?? new Set();
    tests.add(test.fullName);
    this.underWay.set(test.module.moduleId, tests);
  }

  onTestCaseResult(test: TestCase): void {
    this.underWay.get(test.module.moduleId)?.delete(test.fullName);
  }

  onTestRunEnd(modules: readonly TestModule[], errors: readonly SerializedError[]): void {
    const unfinished = modules.filter((module) => module.state() === 'pending' || module.state() === 'queued');
    if (unfinished.length === 0 && errors.length === 0) return;
    const lines = ['', 'failure causes (test/helpers/failure-causes.ts):'];
    for (const module of unfinished) {
      const tests = [...(this.underWay.get(module.moduleId) ?? [])];
      const running = tests.length > 0 ? tests.map((name) => `"${name}"`).join(', ') : 'no test (it stopped while loading or in a hook)';
      lines.push(`  ${module.relativeModuleId} never finished; under way: ${running}`);
    }
    for (const exit of this.exits) {
      const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
      lines.push(`  a vitest worker (pid ${exit.pid ?? '?'}) ended at ${exit.at.toISOString()}: ${how}`);
    }
    for (const error of errors) lines.push(...describe(error, this.root).map((line) => `  ${line}`));
    process.stderr.write(`${lines.join('\n')}\n\n`);
  }
}

/** An unhandled error in a few lines: its type, where vitest says it came from, its message and its causes. */
function describe(error: SerializedError, root: string): string[] {
  const path = typeof error.VITEST_TEST_PATH === 'string' ? relative(root, error.VITEST_TEST_PATH) : undefined;
  const where = [path, error.VITEST_TEST_NAME && `"${String(error.VITEST_TEST_NAME)}"`].filter(Boolean).join(' ');
  const lines = [`${String(error.type ?? 'Unhandled error')}${where ? ` in ${where}` : ' (no test file named)'}: ${headline(error)}`];
  for (let cause = error.cause, depth = 0; cause && depth < 5; cause = cause.cause, depth++) lines.push(`  caused by: ${headline(cause)}`);
  return lines;
}

function headline(error: SerializedError): string {
  // vitest prefixes a serialized cause's stack with its own `Caused by: `.
  const stack = typeof error.stack === 'string' ? error.stack.replace(/^Caused by: /, '').split('\n').slice(0, 4).join('\n      ') : '';
  return stack || `${error.name ?? 'Error'}: ${error.message ?? JSON.stringify(error)}`;
}
