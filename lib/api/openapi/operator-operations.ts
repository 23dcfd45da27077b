import { can } from "@/lib/api/permissions";
import { auth, jsonBody, server, type ErrorCase, type OperationSpec } from "./operation-spec";

const forbidden: ErrorCase = ["Forbidden", "The role lacks the action, or a cookie-authenticated request came from another origin"];
const sessionOnly: ErrorCase = ["Forbidden", "Not a signed-in operator (a policy token cannot do this), or a cross-site request"];
const tag = "Operator access" as const;

/** Console sign-in, users, shared access policies and the audit trail. */
export const operatorOperations: OperationSpec[] = [
  {
    method: "get", path: "/auth/status", operationId: "getAuthStatus", tag, permission: "public",
    summary: "Whether setup is still open, and who is signed in",
    responses: [{ status: 200, description: "Status", body: "AuthStatus" }],
    errors: [server],
  },
  {
    method: "post", path: "/auth/setup", operationId: "setUp", tag, permission: "public",
    summary: "Create the first admin (only while no user exists) and sign in",
    body: { schema: "Credentials", description: "The first admin", example: { username: "admin", password: "a long passphrase" } },
    responses: [{ status: 200, description: "Signed in; the session cookie is set", body: { schema: { type: "object" } } }],
    errors: [...jsonBody, ["Forbidden", "Cross-site request"], ["Conflict", "Setup is already done"], server],
  },
  {
    method: "post", path: "/auth/login", operationId: "login", tag, permission: "public",
    summary: "Sign in with username and password; sets the session cookie",
    description: "Unknown users, wrong passwords and disabled accounts get the same 401. 10 failures in 15 minutes lock the (username, address) pair for 15 minutes (429).",
    body: { schema: "Credentials", description: "Credentials" },
    responses: [{ status: 200, description: "Signed in", body: { schema: { type: "object" } } }],
    errors: [...jsonBody, ["IotHubUnauthorizedAccess", "Invalid username or password"], ["Forbidden", "Cross-site request"],
      ["ThrottlingException", "Too many failed sign-ins for this account from this address"], server],
  },
  {
    method: "post", path: "/auth/logout", operationId: "logout", tag, permission: "session",
    summary: "End this session",
    responses: [{ status: 200, description: "Signed out; the cookie is cleared", body: { schema: { type: "object" } } }],
    errors: [auth, sessionOnly, server],
  },
  {
    method: "post", path: "/auth/password", operationId: "changePassword", tag, permission: "session",
    summary: "Change your own password; ends your other sessions",
    body: { schema: "PasswordChange", description: "Current and new password (12+ characters)" },
    responses: [{ status: 200, description: "Changed", body: { schema: { type: "object" } } }],
    errors: [...jsonBody, ["ArgumentInvalid", "Wrong current password, or the new one is too short"], auth, sessionOnly, server],
  },
  {
    method: "get", path: "/users", operationId: "listUsers", tag, permission: can.manageUsers,
    summary: "List operators",
    responses: [{ status: 200, description: "Users", body: "User[]" }],
    errors: [auth, forbidden, server],
  },
  {
    method: "post", path: "/users", operationId: "createUser", tag, permission: can.manageUsers,
    summary: "Create an operator",
    body: { schema: "UserCreate", description: "Username, password, role" },
    responses: [{ status: 201, description: "Created", body: "User" }],
    errors: [...jsonBody, auth, forbidden, ["Conflict", "The username is taken"], server],
  },
  {
    method: "patch", path: "/users/{userId}", operationId: "updateUser", tag, permission: can.manageUsers,
    summary: "Change role, disable/enable, or reset the password (ends that user's sessions)",
    body: { schema: "UserUpdate", description: "Any of role, disabled, password" },
    responses: [{ status: 200, description: "Updated", body: "User" }],
    errors: [...jsonBody, auth, forbidden, ["NotFound", "No such user"], ["Conflict", "It would leave no enabled admin"], server],
  },
  {
    method: "get", path: "/policies", operationId: "listPolicies", tag, permission: can.managePolicies,
    summary: "List shared access policies with their keys",
    responses: [{ status: 200, description: "Policies", body: "AccessPolicy[]" }],
    errors: [auth, forbidden, server],
  },
  {
    method: "post", path: "/policies", operationId: "createPolicy", tag, permission: can.managePolicies,
    summary: "Create a shared access policy (max 16, at most 10 with serviceConnect)",
    body: { schema: "PolicyCreate", description: "Name and rights", example: { keyName: "ci-deployer", rights: ["serviceConnect"] } },
    responses: [{ status: 201, description: "Created, with its keys", body: "AccessPolicy" }],
    errors: [...jsonBody, auth, forbidden, ["Conflict", "The name is taken"], ["IotHubQuotaExceeded", "Policy limits reached"], server],
  },
  {
    method: "delete", path: "/policies/{keyName}", operationId: "deletePolicy", tag, permission: can.managePolicies,
    summary: "Delete a shared access policy (its tokens stop working within 2 seconds)",
    responses: [{ status: 204, description: "Deleted" }],
    errors: [auth, forbidden, ["NotFound", "No such policy"], server],
  },
  {
    method: "post", path: "/policies/{keyName}/rotate-key", operationId: "rotatePolicyKey", tag, permission: can.managePolicies,
    summary: "Replace the primary or secondary key of a policy",
    body: { schema: "KeyChoice", description: "Which key", example: { key: "secondary" } },
    responses: [{ status: 200, description: "The policy with its new key", body: "AccessPolicy" }],
    errors: [...jsonBody, auth, forbidden, ["NotFound", "No such policy"], server],
  },
  {
    method: "get", path: "/audit", operationId: "listAudit", tag, permission: can.readAudit,
    summary: "The audit trail, newest first",
    description: "Query parameters: actor, targetKind, targetId, action (prefix), from, to (ISO-8601), before (id, for paging), limit (1-500, default 100).",
    responses: [{ status: 200, description: "One page", body: "AuditPage" }],
    errors: [["ArgumentInvalid", "A query parameter is malformed"], auth, forbidden, server],
  },
];
