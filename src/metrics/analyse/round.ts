/** `x` rounded to `decimals` decimals, as every ratio of the report is. */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
