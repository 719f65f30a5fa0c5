import type { DesignName, DesignRun, FaultRecord } from '../result.js';

/** What a run tells its caller while it goes; the CLI turns these into progress lines. */
export type RunEvent =
  | { readonly type: 'redis'; readonly url: string; readonly owned: boolean }
  | { readonly type: 'design-start'; readonly arch: DesignName; readonly balancer: string; readonly balancerUrl: string }
  | { readonly type: 'fault'; readonly arch: DesignName; readonly fault: FaultRecord }
  | { readonly type: 'fault-error'; readonly arch: DesignName; readonly message: string }
  | { readonly type: 'progress'; readonly arch: DesignName; readonly elapsedMs: number; readonly journeys: number; readonly lost: number; readonly failed: number; readonly errors: number }
  | { readonly type: 'design-end'; readonly arch: DesignName; readonly run: DesignRun };

export type OnEvent = (event: RunEvent) => void;
