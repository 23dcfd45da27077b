/**
 * Deployments that target a device. Deployments are not stored yet (another issue adds them), so
 * this says so instead of pretending to have checked: `tracked: false` and no items. When they
 * arrive, this function answers from `deployment_assignments` and the delete preview follows.
 */
export type DeviceDeployments = { tracked: boolean; items: { id: string; status: string }[] };

export async function listDeviceDeployments(_deviceId: string): Promise<DeviceDeployments> {
  return { tracked: false, items: [] };
}
