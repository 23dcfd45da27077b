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
  /**
   * Deployments: the list is ["deployments"], one deployment ["deployments", id], its devices
   * ["deployments", id, "devices", status]. `deployment.*` events invalidate them
   * (components/deployments/use-deployments-live.ts: the list on the fleet room, one deployment on
   * its `deployment:{id}` room).
   */
  deployments: () => ["deployments"],
  deployment: (id: string) => ["deployments", id],
  deploymentDevices: (id: string, status = "all") => ["deployments", id, "devices", status],
  /** Which deployments reach a device and what they merge to: under the device, so its events refresh it. */
  effectiveConfiguration: (deviceId: string) => ["device", deviceId, "effectiveConfiguration"],
  /** Registry sources and image lookups (composer): not live, cached for a minute. */
  registries: (...rest: unknown[]) => ["registries", ...rest],
} as const;
