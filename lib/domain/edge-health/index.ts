export * from "./age";
export * from "./desired-status";
export * from "./module-rows";
export * from "./fleet-filters";
export * from "./store-and-forward-view";
export * from "./pending-operations";
