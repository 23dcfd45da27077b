export * from "./www-authenticate";
export * from "./link-header";
export * from "./registry-url";
export * from "./manifest";
export * from "./catalog";
export * from "./secret-box";
export * from "./tag-order";
