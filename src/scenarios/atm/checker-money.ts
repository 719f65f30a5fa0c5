/**
 * Money in words, for the examples of a consistency report: people read "$950.00",
 * not 95000.
 */

/** How many balances a description lists before it stops counting them out. */
const LISTED = 6;

/** Cents as dollars: `95000` → `$950.00`, `-5000` → `-$50.00`. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `$950.00` for one balance, `one of $950.00, $900.00` for several (highest first). */
export function describeBalances(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => b - a);
  if (sorted.length === 0) return 'no balance';
  if (sorted.length === 1) return formatCents(sorted[0]!);
  const shown = sorted.slice(0, LISTED).map(formatCents).join(', ');
  return sorted.length > LISTED ? `one of ${shown}, … (${sorted.length} in all)` : `one of ${shown}`;
}

/** `between $900.00 and $1000.00`, or one balance when the range is a point. */
export function describeRange(min: number, max: number): string {
  return min === max ? formatCents(min) : `between ${formatCents(min)} and ${formatCents(max)}`;
}
