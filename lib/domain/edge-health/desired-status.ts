/**
 * `$edgeAgent` reported `lastDesiredStatus.code` (reference §8.1, EDGE DeploymentStatusCode.cs),
 * explained for an operator. `tone` drives the colour; unknown codes are shown as they are.
 */
export type Tone = "ok" | "warn" | "error" | "unknown";
export type DesiredStatusExplanation = { code: number | null; name: string; meaning: string; tone: Tone };

const KNOWN: Record<number, Omit<DesiredStatusExplanation, "code">> = {
  200: { name: "Successful", meaning: "The runtime applied the last deployment it received.", tone: "ok" },
  400: { name: "Config format error", meaning: "The desired properties could not be parsed: fix the deployment manifest.", tone: "error" },
  406: { name: "Unknown", meaning: "The agent has not reported since it connected, or is shutting down (also the initial value).", tone: "unknown" },
  412: { name: "Invalid schema version", meaning: "The deployment's schemaVersion is not supported by this runtime version.", tone: "error" },
  417: { name: "Config empty", meaning: "No deployment (or an empty one) has been received.", tone: "warn" },
  500: { name: "Failed", meaning: "A step of the deployment failed (for example an image pull timed out); the agent retries.", tone: "error" },
};

export function explainDesiredStatus(code: unknown): DesiredStatusExplanation {
  if (typeof code !== "number" || !Number.isInteger(code)) {
    return { code: null, name: "Not reported", meaning: "The edge runtime has not reported a deployment status yet.", tone: "unknown" };
  }
  const known = KNOWN[code];
  if (known) return { code, ...known };
  return { code, name: `Code ${code}`, meaning: "A status code this console does not know.", tone: "unknown" };
}

/** Codes that mean the runtime is not running what was asked of it: what the dashboard lists as failing. */
export const FAILING_DESIRED_STATUS_CODES = [400, 412, 417, 500] as const;
