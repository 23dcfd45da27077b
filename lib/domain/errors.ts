/**
 * The one error vocabulary. Codes are IoT Hub's names (reference §4.3); `lib/api` maps each code to
 * its HTTP status and wire shape. Domain code throws these; nothing else throws to the client.
 */
export const errorStatus = {
  ArgumentInvalid: 400,
  ArgumentNull: 400,
  IotHubFormatError: 400,
  InvalidProtocolVersion: 400,
  DeviceDefinedMultipleTimes: 400,
  IotHubUnauthorizedAccess: 401,
  IotHubUnauthorized: 401,
  Forbidden: 403,
  IotHubQuotaExceeded: 403,
  DeviceNotFound: 404,
  ModuleNotFound: 404,
  NotFound: 404,
  DeviceNotOnline: 404,
  ConfigurationNotFound: 404,
  MethodNotAllowed: 405,
  DeviceTimeout: 408,
  DeviceAlreadyExists: 409,
  ModuleAlreadyExistsOnDevice: 409,
  Conflict: 409,
  ConfigurationAlreadyExists: 409,
  PreconditionFailed: 412,
  MessageTooLarge: 413,
  TooManyDevices: 413,
  TooManyModulesOnDevice: 413,
  UnsupportedMediaType: 415,
  ThrottlingException: 429,
  ServerError: 500,
  BadDeviceResponse: 502,
  /** A registry source did not answer, refused the credentials or sent something unreadable. */
  RegistryError: 502,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** IoT Hub's numeric codes where the SDKs know them (reference §4.3). */
export const numericErrorCode: Partial<Record<ErrorCode, number>> = {
  ArgumentInvalid: 400004,
  ArgumentNull: 400005,
  IotHubFormatError: 400006,
  InvalidProtocolVersion: 400001,
  DeviceDefinedMultipleTimes: 400011,
  IotHubUnauthorizedAccess: 401002,
  IotHubQuotaExceeded: 403002,
  DeviceNotFound: 404001,
  ModuleNotFound: 404010,
  DeviceNotOnline: 404103,
  DeviceAlreadyExists: 409001,
  ModuleAlreadyExistsOnDevice: 409301,
  PreconditionFailed: 412001,
  MessageTooLarge: 413001,
  TooManyDevices: 413002,
  TooManyModulesOnDevice: 413003,
  ThrottlingException: 429001,
  ServerError: 500001,
  ServiceUnavailable: 503001,
  GatewayTimeout: 504101,
};

export type ErrorDetails = {
  /** Dotted path of the field or key at fault, e.g. `properties.desired.a.b`. */
  path?: string;
  /** Position in a query text (0-based character offset). */
  position?: number;
  [key: string]: unknown;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
