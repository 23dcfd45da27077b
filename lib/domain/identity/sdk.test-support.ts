import { createRequire } from "node:module";

/**
 * The official SDK packages are CommonJS with `module.exports = {…}`, which ESM named imports
 * cannot see reliably; require them and borrow their published types.
 */
const require = createRequire(import.meta.url);
export const azureIotCommon = require("azure-iot-common") as typeof import("azure-iot-common");
export const azureIotDevice = require("azure-iot-device") as typeof import("azure-iot-device");
