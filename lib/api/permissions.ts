import type { Action } from "@/lib/domain/access";

/**
 * The action each endpoint family needs. Roles and policy rights map to actions in
 * lib/domain/access/permissions.ts; this table is what routes and the OpenAPI document name.
 */
export const can = {
  readRegistry: "registry.read",
  writeRegistry: "registry.write",
  readSecrets: "secrets.read",
  readTwins: "twins.read",
  writeTwins: "twins.write",
  query: "query",
  invokeMethods: "methods.invoke",
  writeDeployments: "deployments.write",
  readAudit: "audit.read",
  manageUsers: "users.manage",
  managePolicies: "policies.manage",
  manageRegistries: "registries.manage",
} as const satisfies Record<string, Action>;
