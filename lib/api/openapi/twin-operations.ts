import { can } from "@/lib/api/permissions";
import { auth, deviceMissing, jsonBody, moduleMissing, server, stale, type ErrorCase, type OperationSpec } from "./operation-spec";

const twinWriteErrors = (missing: ErrorCase): readonly ErrorCase[] => [
  ...jsonBody,
  ["ArgumentInvalid", "The body names `properties.reported` (devices write it, not the service)"],
  [
    "ArgumentInvalid",
    "A key or value breaks the twin rules: key empty, over 1 KB, or containing `.`, `$`, space or control characters; string or array over 4 KB; integer outside ±2^52; nesting deeper than 10; tags over 8 KB or desired over 32 KB after the write. `details.path` names the key; nothing is applied",
  ],
  ["ArgumentNull", "The body names neither `tags` nor `properties.desired`"],
  auth,
  missing,
  stale("twin"),
  server,
];

const twinDescription = {
  patch:
    "JSON merge patch of `tags` and/or `properties.desired`: members overwrite, objects merge recursively, `null` deletes a key, arrays are replaced whole. `$version` of each written section and the twin `version` go up by one; `$metadata` is stamped. Other twin fields in the body (as echoed from a GET) are accepted and ignored. Answers the whole twin.",
  replace:
    "Replaces `tags` and/or `properties.desired` wholesale (a section not named is left alone). Echoed read-only fields, including `$version`/`$metadata` inside desired, are accepted and ignored. Answers the whole twin.",
};

export function twinOperations(scope: "device" | "module"): OperationSpec[] {
  const isModule = scope === "module";
  const path = isModule ? "/twins/{deviceId}/modules/{moduleId}" : "/twins/{deviceId}";
  const name = isModule ? "ModuleTwin" : "DeviceTwin";
  const missing = isModule ? moduleMissing : deviceMissing;
  const twin = isModule ? "module twin" : "device twin";
  const body = {
    schema: "TwinWrite" as const,
    description: "`tags` and/or `properties.desired`",
    example: { tags: { site: "plant-7" }, properties: { desired: { telemetryInterval: 30, obsolete: null } } },
  };
  return [
    {
      method: "get",
      path,
      operationId: `get${name}`,
      tag: "Twins",
      summary: `Get a ${twin}`,
      permission: can.readTwins,
      responses: [{ status: 200, description: `The ${twin}`, body: name }],
      errors: [auth, missing, server],
    },
    {
      method: "patch",
      path,
      operationId: `update${name}`,
      tag: "Twins",
      summary: `Update a ${twin} (merge patch)`,
      description: twinDescription.patch,
      permission: can.writeTwins,
      parameters: ["ifMatchTwin"],
      body,
      responses: [{ status: 200, description: `The ${twin} after the write`, body: name }],
      errors: twinWriteErrors(missing),
    },
    {
      method: "put",
      path,
      operationId: `replace${name}`,
      tag: "Twins",
      summary: `Replace the tags and desired properties of a ${twin}`,
      description: twinDescription.replace,
      permission: can.writeTwins,
      parameters: ["ifMatchTwin"],
      body,
      responses: [{ status: 200, description: `The ${twin} after the write`, body: name }],
      errors: twinWriteErrors(missing),
    },
  ];
}
