export {
  MAX_ID_LENGTH,
  SYSTEM_MODULE_IDS,
  isSystemModuleId,
  validateDeviceId,
  validateModuleId,
  type SystemModuleId,
} from "./ids";
export { deviceScopeFor, generateGenerationId, generateSymmetricKey, type RandomBytes } from "./keys";
export {
  encodeUriComponentStrict,
  parseSasToken,
  signSasToken,
  verifySasToken,
  type ParsedSasToken,
  type SasVerification,
  type SignSasOptions,
} from "./sas";
export { audienceCovers, audienceIdentity, type ResourceIdentity } from "./audience";
export {
  deviceConnectionString,
  moduleConnectionString,
  parseConnectionString,
  serviceConnectionString,
} from "./connection-string";
export { DEFAULT_POLICIES, RIGHTS, isRight, policyGrants, type PolicyDefinition, type Right } from "./policies";
