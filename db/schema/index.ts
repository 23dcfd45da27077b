export * from "./devices";
export * from "./changes";
export * from "./access-policies";
export * from "./operators";
export * from "./messages";
export * from "./cluster";
export * from "./fleet-views";
export * from "./registries";
