import type { DesignName, DesignRun, FaultRecord } from '../result.js';

/** What a run tells its caller while it goes; the CLI turns these into progress lines. */
export type RunEvent =
  | { readonly type: 'redis'; readonly url: string; readonly owned: boolean }
  /** `--store auto` settled on a store other than the one a user would assume (SQLite): one line. */
  | { readonly type: 'store'; readonly store: string; readonly note: string }
  | { readonly type: 'design-start'; readonly design: DesignName; readonly balancer: string; readonly balancerUrl: string }
  | { readonly type: 'fault'; readonly design: DesignName; readonly fault: FaultRecord }
  | { readonly type: 'fault-error'; readonly design: DesignName; readonly message: string }
  | { readonly type: 'progress'; readonly design: DesignName; readonly elapsedMs: number; readonly journeys: number; readonly lost: number; readonly failed: number; readonly errors: number }
  | { readonly type: 'design-end'; readonly design: DesignName; readonly run: DesignRun };

export type OnEvent = (event: RunEvent) => void;
