import { setMaxListeners } from 'node:events';

/** What one design run is told about its place in the series (see `inTurns`). */
export interface Turn {
  /**
   * Resolves once the run before this one is over: analysed, and its fleet closed (for
   * the first run, once what the whole run shares, such as Redis, is ready). Rejects
   * when that failed. A run deploys meanwhile and starts its load only after it.
   */
  readonly mayLoad: Promise<void>;
  /** Says this run's load has ended, so the next run may deploy. */
  loadEnded(): void;
  /** Aborted when the caller aborts, or when any run of the series failed. */
  readonly signal: AbortSignal;
}

const settledQuietly = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => {}); // awaited later, or by no one once an earlier run failed
  return promise;
};

/**
 * Runs `count` design runs one after the other, overlapped only where no figure can
 * tell: run i+1 starts its fleet and balancer as soon as run i's load has ended, while
 * run i is audited, analysed and closed, and it starts its own load only once run i is
 * over. So no load ever shares the machine with another run's load or shutdown, and
 * the time a fleet takes to start is no longer added to the wall time once per design.
 *
 * `onDone` sees each result in order, as its run finishes. When a run fails, every other
 * run still going is stopped (aborted, its scopes closed), and once all have settled, so
 * that nothing is left running, the failure that came first is thrown: the cause, not
 * the aborts it led to.
 */
export async function inTurns<T>(
  count: number,
  options: { readonly first: Promise<void>; readonly signal: AbortSignal },
  run: (index: number, turn: Turn) => Promise<T>,
  onDone: (result: T, index: number) => void,
): Promise<T[]> {
  const failed = new AbortController();
  const signal = AbortSignal.any([options.signal, failed.signal]);
  // Every sleeping user listens for the abort: one listener per user is expected.
  setMaxListeners(0, signal);
  let cause: { error: unknown } | undefined;
  const runs: Promise<T>[] = [];
  let mayDeploy: Promise<void> = Promise.resolve();
  let mayLoad = settledQuietly(options.first);
  for (let index = 0; index < count; index++) {
    let loadEnded = (): void => {};
    const ended = new Promise<void>((resolve) => (loadEnded = resolve));
    const turn: Turn = { mayLoad, loadEnded, signal };
    const thisRun = settledQuietly(mayDeploy.then(() => run(index, turn)));
    thisRun.catch((error: unknown) => {
      cause ??= { error };
      failed.abort(error);
    });
    // A run that ends before its load does (a failure) decides for the next at once.
    mayDeploy = settledQuietly(Promise.race([ended, thisRun.then(() => {})]));
    mayLoad = settledQuietly(thisRun.then(() => {}));
    runs.push(thisRun);
  }
  const results: T[] = [];
  for (const [index, thisRun] of runs.entries()) {
    const result = await thisRun.catch(() => undefined);
    if (cause) continue;
    results.push(result as T);
    onDone(result as T, index);
  }
  if (cause) throw cause.error;
  return results;
}
