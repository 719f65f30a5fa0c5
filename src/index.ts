/**
 * statebench's programmatic API: `run(config, {signal, onEvent})` → a plain-JSON RunResult.
 * The CLI is one caller of it; tests and other tools can be others.
 */
export { run, type RunOptions } from './orchestrator/run.js';
export type { RunEvent, OnEvent } from './orchestrator/events.js';
export { parseRunConfig, parseFleetConfig, type RawRunOptions, type RawFleetOptions } from './config/run-config.js';
export type { RunConfig, FleetConfig, FaultSpec, StrategyName, BalancerChoice } from './config/types.js';
export type { RunResult, DesignRun, DesignName, LatencySummary, TimelinePoint, FaultRecord } from './result.js';
export { REPORT_SCHEMA } from './result.js';
export { StatebenchError, ConfigError, EnvironmentError, InternalError, AbortedError, EXIT, exitCodeFor } from './errors.js';
export { SCENARIOS } from './scenarios/index.js';
export { readTargetFile, parseTargetFile, referenceDesigns, STORES, type TargetFile, type StoreKind } from './designs/index.js';
export type { TargetDefinition } from './fleet/target.js';
export { startStandaloneFleet, type StandaloneFleet } from './orchestrator/standalone-fleet.js';
