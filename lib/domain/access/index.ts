export * from "./permissions";
export * from "./passwords";
export * from "./login-throttle";
export * from "./session-lifetime";
export * from "./same-origin";
export * from "./redact-secrets";
