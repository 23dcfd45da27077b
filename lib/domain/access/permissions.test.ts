import { describe, expect, it } from "vitest";
import { actionsOf, actorName, principalCan, type Action, type Principal } from "./permissions";

const user = (role: "viewer" | "operator" | "admin"): Principal => ({ kind: "user", userId: "u1", username: "ann", role, sessionId: "s" });
const policy = (...rights: ("registryRead" | "registryWrite" | "serviceConnect" | "deviceConnect")[]): Principal => ({
  kind: "policy",
  name: "p",
  rights,
});

describe("principalCan", () => {
  it.each<[string, Principal, Action, boolean]>([
    ["viewer reads the registry", user("viewer"), "registry.read", true],
    ["viewer never sees secrets", user("viewer"), "secrets.read", false],
    ["viewer cannot write twins", user("viewer"), "twins.write", false],
    ["viewer reads the audit trail", user("viewer"), "audit.read", true],
    ["operator writes twins", user("operator"), "twins.write", true],
    ["operator invokes methods", user("operator"), "methods.invoke", true],
    ["operator cannot create identities", user("operator"), "registry.write", false],
    ["operator never sees secrets", user("operator"), "secrets.read", false],
    ["operator cannot manage users", user("operator"), "users.manage", false],
    ["admin manages users", user("admin"), "users.manage", true],
    ["admin manages policies", user("admin"), "policies.manage", true],
    ["admin sees secrets", user("admin"), "secrets.read", true],
    ["registryRead sees keys, as in IoT Hub", policy("registryRead"), "secrets.read", true],
    ["registryRead cannot write", policy("registryRead"), "registry.write", false],
    ["registryWrite alone cannot read twins", policy("registryWrite"), "twins.read", false],
    ["serviceConnect writes twins", policy("serviceConnect"), "twins.write", true],
    ["serviceConnect has no registry access", policy("serviceConnect"), "registry.read", false],
    ["deviceConnect has no service action", policy("deviceConnect"), "query", false],
    ["a policy never manages users", policy("registryRead", "registryWrite", "serviceConnect", "deviceConnect"), "users.manage", false],
    ["a policy never reads the audit trail", policy("registryRead", "registryWrite", "serviceConnect"), "audit.read", false],
  ])("%s", (_name, principal, action, expected) => {
    expect(principalCan(principal, action)).toBe(expected);
  });

  it("names actors for the audit trail", () => {
    expect(actorName(user("viewer"))).toBe("user:ann");
    expect(actorName(policy("serviceConnect"))).toBe("policy:p");
  });

  it("gives the owner policy every registry and service action", () => {
    const owner = actionsOf(policy("registryRead", "registryWrite", "serviceConnect", "deviceConnect"));
    for (const a of ["registry.read", "registry.write", "secrets.read", "twins.read", "twins.write", "query"] as const) {
      expect(owner.has(a)).toBe(true);
    }
  });
});
