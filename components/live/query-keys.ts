/**
 * React Query keys used across the console. The live layer invalidates by these prefixes when a
 * change event arrives, so every data view that follows the convention updates without reload.
 */
export const queryKeys = {
  /** Device twin: ["twin", deviceId]; module twin: ["twin", deviceId, moduleId]. */
  twin: (deviceId: string, moduleId?: string) => (moduleId ? ["twin", deviceId, moduleId] : ["twin", deviceId]),
  device: (deviceId: string) => ["device", deviceId],
  modules: (deviceId: string) => ["modules", deviceId],
  module: (deviceId: string, moduleId: string) => ["module", deviceId, moduleId],
  revisions: (deviceId: string, moduleId?: string) => (moduleId ? ["revisions", deviceId, moduleId] : ["revisions", deviceId]),
  /** Any fleet-wide view (device table pages, counts, dashboard): refreshed at most every few seconds. */
  fleet: (...rest: unknown[]) => ["fleet", ...rest],
} as const;
