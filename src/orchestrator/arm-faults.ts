import type { FaultContext } from '../chaos/faults/types.js';
import type { PlannedFault } from '../chaos/plan.js';
import { scheduleFaults, type FaultSchedule, type ScheduleOptions } from '../chaos/scheduler.js';
import type { Clock } from '../driver/clock.js';
import type { Recorder } from '../metrics/recorder.js';
import type { DesignName } from '../result.js';
import type { OnEvent } from './events.js';

/** Faults without a span whose window is the operation itself, not a moment. */
const LASTING = new Set(['rolling', 'scale-down', 'scale-up']);

export interface ArmOptions {
  readonly plan: readonly PlannedFault[];
  readonly design: DesignName;
  readonly clock: Clock;
  readonly recorder: Recorder;
  /** What the faults act on. */
  readonly context: FaultContext;
  /** A shard that only records the faults another shard fires. */
  readonly recordOnly?: ScheduleOptions['recordOnly'];
  readonly onEvent: OnEvent;
}

/**
 * Arms the run's fault plan against one design, and makes every fault visible: a
 * window in the recorder (for before/during/after figures and recovery time), markers
 * on the timeline, and events for the progress lines.
 */
export function armFaults(options: ArmOptions): FaultSchedule {
  const { design, recorder, onEvent } = options;
  const windows = new Map<string, (atMs: number) => void>();
  const key = (fault: { label?: string; firedAtMs?: number }) => `${fault.label}@${fault.firedAtMs}`;
  return scheduleFaults({
    faults: options.plan,
    clock: options.clock,
    context: options.context,
    ...(options.recordOnly ? { recordOnly: options.recordOnly } : {}),
    listener: {
      fired: (fault) => {
        windows.set(key(fault), recorder.recordFaultWindow(fault.label ?? fault.kind, fault.firedAtMs ?? 0));
        onEvent({ type: 'fault', design, fault });
      },
      ended: (fault) => {
        // A crash is a moment; a pause lasts its span; a deploy lasts as long as it takes.
        const instant = fault.spanMs === undefined && !LASTING.has(fault.kind);
        windows.get(key(fault))?.(instant ? (fault.firedAtMs ?? 0) : (fault.endedAtMs ?? 0));
      },
      failed: (planned, error) =>
        onEvent({ type: 'fault-error', design, message: `${planned.label}: ${error instanceof Error ? error.message : String(error)}` }),
    },
  });
}
