import type { HubRest } from "./hub-rest";

/**
 * A simulated device's module identities on the hub, as edgeAgent manages them (§1.4): who manages
 * each and whether it has SAS keys; created when a deployed module has none, given keys when it
 * lacks them, and deleted (only `IotEdge`-managed ones) when they leave the deployment.
 */
type Identity = { managedBy: string | null; authType: string };

export class ModuleIdentities {
  private readonly identities = new Map<string, Identity>();

  constructor(
    private readonly rest: HubRest,
    private readonly deviceId: string,
    private readonly log: (line: string) => void,
  ) {}

  async load(): Promise<void> {
    for (const m of await this.rest.listModules(this.deviceId)) {
      // The runtime gives the system modules SAS credentials on first start (reference §1.4).
      let authType = m.authentication.type;
      if (m.moduleId.startsWith("$") && authType === "none") authType = (await this.rest.giveSasKeys(this.deviceId, m.moduleId)).authentication.type;
      this.identities.set(m.moduleId, { managedBy: m.managedBy, authType });
    }
  }

  /** Has keys the module can sign with (without asking the hub, so also while offline). */
  hasKeys(name: string): boolean {
    return this.identities.get(name)?.authType === "sas";
  }

  async ensure(name: string): Promise<void> {
    if (!this.identities.has(name)) {
      const created = await this.rest.createModule(this.deviceId, name).catch(async (error) => {
        // Created by someone else meanwhile: use it as it is.
        if ((error as { status?: number }).status === 409) return this.rest.getModule(this.deviceId, name);
        throw error;
      });
      this.identities.set(name, { managedBy: created.managedBy, authType: created.authentication.type });
    }
    // edgeAgent also updates existing identities (§1.4): one without keys could never connect.
    if (!this.hasKeys(name)) {
      const updated = await this.rest.giveSasKeys(this.deviceId, name);
      this.identities.set(name, { managedBy: updated.managedBy, authType: updated.authentication.type });
    }
  }

  /** edgeAgent deletes the identities it manages that left the deployment, and no others. */
  prune(wanted: ReadonlySet<string>): void {
    for (const [moduleId, { managedBy }] of this.identities) {
      if (moduleId.startsWith("$") || managedBy !== "IotEdge" || wanted.has(moduleId)) continue;
      this.identities.delete(moduleId);
      this.rest.deleteModule(this.deviceId, moduleId).catch((error) => this.log(`${this.deviceId}: delete ${moduleId} failed: ${(error as Error).message}`));
    }
  }
}
