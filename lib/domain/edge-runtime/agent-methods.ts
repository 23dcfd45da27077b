import { isJsonObject, type JsonValue } from "../twins";

/**
 * Direct methods on `$edgeAgent` (reference §8.4): names compared case-insensitively, request
 * `schemaVersion` major must be 1. Only `ping` and `RestartModule` are simulated; the log and
 * support-bundle methods answer 501 (there are no logs to upload).
 */
export type AgentMethod =
  | { kind: "ping" }
  | { kind: "restartModule"; moduleName: string }
  | { kind: "error"; status: 400 | 404 | 501; message: string };

const NOT_SIMULATED = new Set(["getmodulelogs", "uploadmodulelogs", "uploadsupportbundle", "gettaskstatus"]);

export function parseAgentMethod(methodName: string, payload: JsonValue | undefined): AgentMethod {
  const name = methodName.toLowerCase();
  if (name === "ping") return { kind: "ping" };
  if (NOT_SIMULATED.has(name)) return { kind: "error", status: 501, message: `${methodName} is not available on a simulated device` };
  if (name !== "restartmodule") return { kind: "error", status: 404, message: `Command '${methodName}' not found` };
  if (!isJsonObject(payload)) return { kind: "error", status: 400, message: "RestartModule needs a payload {schemaVersion, id}" };
  const version = typeof payload.schemaVersion === "string" ? /^(\d+)(\.\d+)*$/.exec(payload.schemaVersion) : null;
  if (!version || version[1] !== "1") return { kind: "error", status: 400, message: "RestartModule schemaVersion must be 1.x" };
  if (typeof payload.id !== "string" || payload.id === "") return { kind: "error", status: 400, message: "RestartModule needs the module name in id" };
  return { kind: "restartModule", moduleName: payload.id };
}
