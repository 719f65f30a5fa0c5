/**
 * A growable column of numbers in fixed-size typed-array chunks: appending never copies
 * what is already there, so a history costs its rows and at most one spare chunk, not
 * the twice-its-size peak of a doubling array (docs/NOTES.md, "The run as a history").
 */

/** Rows per chunk: 65,536. */
const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

type Chunk = Float64Array | Float32Array | Uint16Array | Uint8Array;

/** One column of a history: append, read by row index. */
export class Column {
  readonly #chunks: Chunk[] = [];
  readonly #make: (length: number) => Chunk;
  #length = 0;

  private constructor(make: (length: number) => Chunk) {
    this.#make = make;
  }

  /** Exact for any number. */
  static float64(): Column {
    return new Column((n) => new Float64Array(n));
  }

  /** 24 significant bits: µs-exact up to 16 s. */
  static float32(): Column {
    return new Column((n) => new Float32Array(n));
  }

  /** Integers 0..65,535. */
  static uint16(): Column {
    return new Column((n) => new Uint16Array(n));
  }

  /** Integers 0..255. */
  static uint8(): Column {
    return new Column((n) => new Uint8Array(n));
  }

  get length(): number {
    return this.#length;
  }

  /** Bytes held, spare room of the last chunk included. */
  get bytes(): number {
    return this.#chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }

  push(value: number): void {
    const offset = this.#length & MASK;
    if (offset === 0) this.#chunks.push(this.#make(CHUNK));
    this.#chunks[this.#length >>> SHIFT]![offset] = value;
    this.#length += 1;
  }

  /** The value of row `i` (0 ≤ i < length). */
  get(i: number): number {
    return this.#chunks[i >>> SHIFT]![i & MASK]!;
  }
}
