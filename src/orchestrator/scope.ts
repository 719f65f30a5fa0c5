/**
 * Scoped lifetimes (docs/NOTES.md, "Scoped lifetimes"): whatever a run holds (a fleet, a
 * balancer, a store, a timer) is registered with the scope that acquired it, and the
 * scope closes them all, last acquired first, however the work ends. It is
 * `AsyncDisposableStack` in small, which Node 20 does not have.
 */

import { InternalError } from '../errors.js';

/** Closes what was registered with it, in reverse order, once. */
export class Scope {
  readonly #closers: (() => unknown)[] = [];
  #closed = false;

  /** Runs `close` when the scope closes: last deferred, first run. */
  defer(close: () => unknown): void {
    if (this.#closed) throw new InternalError('defer on a closed scope');
    this.#closers.push(close);
  }

  /** `value`, closed by `close(value)` when the scope closes. */
  use<T>(value: T, close: (value: T) => unknown): T {
    this.defer(() => close(value));
    return value;
  }

  /**
   * Runs every closer, last registered first, each even if an earlier one failed, and
   * then throws the first failure, if any. Closing twice does nothing.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    let failure: { error: unknown } | undefined;
    for (const close of this.#closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/**
 * Runs `body` with a new scope and closes the scope when `body` ends, however it ends.
 * When `body` fails, that failure is what the caller sees, not a failure to close after it.
 */
export async function withScope<T>(body: (scope: Scope) => Promise<T>): Promise<T> {
  const scope = new Scope();
  let result: T;
  try {
    result = await body(scope);
  } catch (error) {
    await scope.close().catch(() => {});
    throw error;
  }
  await scope.close();
  return result;
}
