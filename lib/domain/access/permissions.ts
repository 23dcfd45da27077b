import type { Right } from "../identity";

/**
 * What a caller may do, in one vocabulary for operators (roles) and automation (policy rights).
 * Every route, socket and page names the action it needs; `principalCan` is the one check.
 */
export const ACTIONS = [
  "registry.read",
  "registry.write",
  "secrets.read",
  "twins.read",
  "twins.write",
  "query",
  "methods.invoke",
  "deployments.write",
  "audit.read",
  "users.manage",
  "policies.manage",
  "registries.manage",
] as const;

export type Action = (typeof ACTIONS)[number];

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const VIEWER: readonly Action[] = ["registry.read", "twins.read", "query", "audit.read"];
const OPERATOR: readonly Action[] = [...VIEWER, "twins.write", "methods.invoke", "deployments.write"];
const ADMIN: readonly Action[] = ACTIONS;

export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  viewer: VIEWER,
  operator: OPERATOR,
  admin: ADMIN,
};

/**
 * IoT Hub's policy rights (reference §3.3) as actions. RegistryRead sees keys, as in IoT Hub;
 * ServiceConnect covers twins, queries and methods but not the registry; DeviceConnect grants no
 * service-side action.
 */
export const RIGHT_ACTIONS: Readonly<Record<Right, readonly Action[]>> = {
  registryRead: ["registry.read", "secrets.read", "twins.read", "query"],
  registryWrite: ["registry.write"],
  serviceConnect: ["twins.read", "twins.write", "query", "methods.invoke", "deployments.write"],
  deviceConnect: [],
};

export type Principal =
  | { kind: "user"; userId: string; username: string; role: Role; sessionId: string }
  | { kind: "policy"; name: string; rights: readonly Right[] };

/** Every request asks; the answer depends only on the role or the set of rights, so keep it. */
const actionSets = new Map<string, ReadonlySet<Action>>();

export function actionsOf(principal: Principal): ReadonlySet<Action> {
  const key = principal.kind === "user" ? `role:${principal.role}` : `rights:${[...principal.rights].sort().join(",")}`;
  let actions = actionSets.get(key);
  if (!actions) {
    actions =
      principal.kind === "user"
        ? new Set(ROLE_ACTIONS[principal.role])
        : new Set(principal.rights.flatMap((right) => RIGHT_ACTIONS[right] ?? []));
    actionSets.set(key, actions);
  }
  return actions;
}

export function principalCan(principal: Principal, action: Action): boolean {
  return actionsOf(principal).has(action);
}

/** `user:alice` or `policy:iothubowner`: how the audit trail and revisions name a caller. */
export const actorName = (principal: Principal) =>
  principal.kind === "user" ? `user:${principal.username}` : `policy:${principal.name}`;
