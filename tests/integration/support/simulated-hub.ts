import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll } from "vitest";
import { serveApiRequest } from "@/lib/api/node-api-server";
import { startFleet, type Fleet, type FleetOptions } from "@/lib/simulator/fleet";
import { policyKey, setupPolicies } from "./api";
import { removeTlsDir, startEndpoint, stopEndpoint, type RunningEndpoint } from "./mqtt";

/**
 * The hub as the fleet simulator meets it, for a test file: REST over HTTP (the production handler
 * path) and the MQTT endpoint over TLS, started before the file and stopped after it; fleets started
 * with `fleet()` are stopped after each test. `defaults` are the file's simulator options.
 */
export function useSimulatedHub(defaults: Partial<FleetOptions>) {
  let running: RunningEndpoint | null = null;
  let http: Server | null = null;
  let hubUrl = "";
  const fleets: Fleet[] = [];

  beforeAll(async () => {
    await setupPolicies();
    http = createServer((req, res) => void serveApiRequest(req, res, hubUrl));
    await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
    hubUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    running = await startEndpoint({ httpServer: http });
  });
  afterEach(async () => {
    await Promise.all(fleets.splice(0).map((f) => f.stop()));
  });
  afterAll(async () => {
    http?.closeAllConnections(); // fetch keeps connections alive; close() would wait for them
    await stopEndpoint(running);
    removeTlsDir();
  });

  return {
    async fleet(deviceIds: string[], options: Partial<FleetOptions> = {}): Promise<Fleet> {
      const f = await startFleet({
        hubUrl,
        mqttUrl: `mqtts://127.0.0.1:${running!.port}`,
        ca: running!.ca,
        policyKey: await policyKey("iothubowner"),
        deviceIds,
        ...defaults,
        ...options,
      });
      fleets.push(f);
      return f;
    },
    /** Stops a fleet now (a simulator restart), so that the end of the test does not stop it again. */
    async stopFleet(f: Fleet): Promise<void> {
      fleets.splice(fleets.indexOf(f), 1);
      await f.stop();
    },
    /** Stops the MQTT endpoint (REST stays up) until the returned function starts it again on its port. */
    async stopEndpoint(): Promise<() => Promise<void>> {
      const port = running!.port;
      await stopEndpoint(running, { keepHttp: true });
      return async () => {
        running = await startEndpoint({ port, httpServer: http! });
      };
    },
  };
}
