export * from "./age";
export * from "./desired-status";
export * from "./module-rows";
export * from "./fleet-filters";
export * from "./store-and-forward-view";
export * from "./status-freshness";
export * from "./data-loss-risk";
export * from "./pending-operations";
