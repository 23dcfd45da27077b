import { AppError } from "../errors";

/**
 * Identifier rule from reference §1.1: the current docs' character set. `+` and `#` are excluded
 * because device SDKs cannot handle them, `;` and `/` would break connection strings and paths.
 */
const ID_PATTERN = /^[A-Za-z0-9\-.%_*?!(),:=@$']{1,128}$/;
export const MAX_ID_LENGTH = 128;

/** The only `$`-prefixed module ids; the hub creates them for IoT Edge devices (reference §1.4). */
export const SYSTEM_MODULE_IDS = ["$edgeAgent", "$edgeHub"] as const;
export type SystemModuleId = (typeof SYSTEM_MODULE_IDS)[number];

export function isSystemModuleId(id: string): id is SystemModuleId {
  return (SYSTEM_MODULE_IDS as readonly string[]).includes(id);
}

function checkId(id: unknown, field: string): string {
  if (typeof id !== "string" || id.length === 0) {
    throw new AppError("ArgumentInvalid", `${field} is required and must be a non-empty string`, { path: field });
  }
  if (id.length > MAX_ID_LENGTH) {
    throw new AppError("ArgumentInvalid", `${field} is ${id.length} characters, longer than ${MAX_ID_LENGTH}`, { path: field });
  }
  if (!ID_PATTERN.test(id)) {
    throw new AppError(
      "ArgumentInvalid",
      `${field} '${id}' may only contain ASCII letters, digits and - . % _ * ? ! ( ) , : = @ $ '`,
      { path: field },
    );
  }
  return id;
}

/** Returns the id unchanged when valid (ids are case-sensitive), otherwise throws ArgumentInvalid. */
export function validateDeviceId(id: unknown, field = "deviceId"): string {
  return checkId(id, field);
}

/**
 * Module ids follow the device rule, but a leading `$` is reserved: only `$edgeAgent`/`$edgeHub`,
 * and only when the caller is the hub itself creating them for an edge device (`allowSystem`).
 */
export function validateModuleId(id: unknown, field = "moduleId", opts: { allowSystem?: boolean } = {}): string {
  const valid = checkId(id, field);
  if (valid.startsWith("$") && !(opts.allowSystem && isSystemModuleId(valid))) {
    throw new AppError(
      "ArgumentInvalid",
      `${field} '${valid}' is reserved: module ids starting with '$' are system modules (${SYSTEM_MODULE_IDS.join(", ")})`,
      { path: field },
    );
  }
  return valid;
}
