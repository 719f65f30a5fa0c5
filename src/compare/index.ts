/**
 * `statebench compare base.json head.json --threshold …`: two reports side by side,
 * regressions beyond a threshold fail the build (exit 1), with bootstrap intervals when
 * both reports hold repeated runs.
 */
export { bootstrapDifference, mean } from './bootstrap.js';
export type { BootstrapInterval, BootstrapOptions } from './bootstrap.js';
export { compare, comparisonFailed } from './compare.js';
export { describeSettings, settingDifferences, settingsOf } from './comparable.js';
export type { RunSettings } from './comparable.js';
export type { Comparison, ComparisonRow, CompareOptions, ReportInfo, Verdict } from './compare.js';
export { headlineMetrics } from './metrics.js';
export type { MetricSpec } from './metrics.js';
export { renderComparison } from './render.js';
export type { ComparisonRenderOptions } from './render.js';
export { allowedChange, parseThreshold, parseThresholds, thresholdFor } from './threshold.js';
export type { Threshold } from './threshold.js';
