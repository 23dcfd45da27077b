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
    {
      method: "get",
      path: `${path}/revisions`,
      operationId: `list${name}Revisions`,
      tag: "Twins",
      summary: `History of a ${twin}: its service writes (tags, desired), newest first`,
      description:
        "One item per accepted write of tags and/or desired properties since the identity was created, with the sections it changed: what was sent, the whole section after the write and the whole section before it. Reported properties are written by the device and are not listed.",
      permission: can.readTwins,
      parameters: ["revisionLimit", "revisionBefore"],
      responses: [{ status: 200, description: "A page of revisions", body: "TwinRevisionPage" }],
      errors: [["ArgumentInvalid", "`limit` or `before` is not an integer in range, or an unknown parameter; `details.path` names it"], auth, missing, server],
    },
    {
      method: "post",
      path: `${path}/revisions/{version}/revert`,
      operationId: `revert${name}`,
      tag: "Twins",
      summary: `Restore a ${twin} to a revision (a new write)`,
      description: isModule
        ? "Replaces the desired properties with what they were right after revision `version`. The history only grows: this is a new revision, desired `$version` and the twin version go up, connected modules receive the change as after any write, and it is audited as `twin.revert`. Answers the twin."
        : "Replaces tags and desired properties with what they were right after revision `version`. The history only grows: this is a new revision, the versions go up, a connected device receives the desired change as after any write, and it is audited as `twin.revert`. Answers the twin.",
      permission: can.writeTwins,
      parameters: ["ifMatchTwin"],
      responses: [{ status: 200, description: `The ${twin} after the write`, body: name }],
      errors: [
        ["ArgumentInvalid", "`version` is not a positive integer"],
        auth,
        missing,
        ["NotFound", "The twin has no revision with this version"],
        stale("twin"),
        server,
      ],
    },
  ];
}
