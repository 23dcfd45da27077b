import { HubRest } from "@/lib/simulator/hub-rest";
import { IdentityConnection } from "@/lib/simulator/identity-connection";
import { Scheduler } from "@/lib/simulator/scheduler";

export type IdentityPool = { connections: IdentityConnection[]; scheduler: Scheduler; close(): Promise<void> };

export type PoolOptions = {
  serverUrl: string;
  mqttUrl: string;
  hostName: string;
  ca: string | undefined;
  ownerKey: string;
  deviceIds: string[];
  /** Connections dialled at once. */
  concurrency: number;
};

/**
 * MQTT connections of the bench's own as the devices themselves (clientId `{d}`): the simulator
 * connects every device's module identities but never the device identity, so these live beside
 * the fleet without taking over a session. They speak the IoT Hub topics through the simulator's
 * `IdentityConnection` (twin GET, reported PATCH).
 */
export async function openIdentityPool(o: PoolOptions): Promise<IdentityPool> {
  const rest = new HubRest({ baseUrl: o.serverUrl, hostName: o.hostName, policyName: "iothubowner", policyKey: o.ownerKey });
  const scheduler = new Scheduler();
  const connections: IdentityConnection[] = [];
  const pool: IdentityPool = {
    connections,
    scheduler,
    async close() {
      await Promise.all(connections.map((c) => c.close()));
      scheduler.stop();
    },
  };
  const queue = [...o.deviceIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const key = (await rest.getDevice(id))?.authentication.symmetricKey.primaryKey;
      if (!key) throw new Error(`${id}: no SAS key`);
      const connection = new IdentityConnection(
        { url: o.mqttUrl, ca: o.ca, hostName: o.hostName, deviceId: id, deviceKey: key, reconnectMs: 3000 },
        scheduler,
      );
      connections.push(connection);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${id}: device identity did not connect within 60 s`)), 60_000);
        connection.onConnect = () => {
          clearTimeout(timer);
          connection.onConnect = () => {};
          resolve();
        };
        connection.open();
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}
