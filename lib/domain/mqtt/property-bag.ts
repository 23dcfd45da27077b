import { AppError } from "../errors";
import { isStorableText } from "../storable-text";

/**
 * The property bag at the end of an IoT Hub MQTT topic (reference §10.2): URL-encoded `key=value`
 * pairs joined by `&`. System properties use `$.`-prefixed wire names; everything else is an
 * application property. Keys are decoded before matching because the SDK encodes system keys with
 * `querystring` (`%24.mid`) and application keys with `encodeURIComponent`.
 */
export type PropertyBag = {
  /** Readable names (`messageId`, `outputName`, …), or the wire name for unknown `$.` keys. */
  system: Record<string, string>;
  application: Record<string, string>;
};

/** Wire name ⇒ readable name (EDGE `Routing.Core/SystemProperties.cs`). */
export const SYSTEM_PROPERTIES = {
  "$.mid": "messageId",
  "$.cid": "correlationId",
  "$.uid": "userId",
  "$.to": "to",
  "$.ct": "contentType",
  "$.ce": "contentEncoding",
  "$.exp": "expiryTimeUtc",
  "$.ifid": "interfaceId",
  "$.on": "outputName",
  "$.sub": "dt-subject",
  "$.cdid": "connectionDeviceId",
  "$.cmid": "connectionModuleId",
  "$.schema": "messageSchema",
  "$.ctime": "creationTimeUtc",
} as const;

const WIRE_NAME: Record<string, string> = Object.fromEntries(Object.entries(SYSTEM_PROPERTIES).map(([wire, name]) => [name, wire]));

/** More than this many pairs is abuse, not telemetry (IoT Hub caps application properties too). */
export const MAX_PROPERTIES = 128;

function decodeComponent(text: string, what: string): string {
  try {
    // Form decoding, like `querystring.parse` that the SDK itself uses on received topics.
    const decoded = decodeURIComponent(text.replace(/\+/g, " "));
    if (!isStorableText(decoded)) throw new Error("unstorable");
    return decoded;
  } catch {
    throw new AppError("ArgumentInvalid", `The property bag ${what} '${text.slice(0, 64)}' is not valid URL encoding`, { path: what });
  }
}

export function decodePropertyBag(text: string): PropertyBag {
  const bag: PropertyBag = { system: {}, application: {} };
  if (text === "") return bag;
  const pairs = text.split("&").filter((p) => p !== "");
  if (pairs.length > MAX_PROPERTIES) {
    throw new AppError("ArgumentInvalid", `The property bag has ${pairs.length} properties, more than ${MAX_PROPERTIES}`);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), "key");
    const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1), "value");
    if (key === "") throw new AppError("ArgumentInvalid", "The property bag has an empty key");
    if (key.startsWith("$.")) {
      const name = (SYSTEM_PROPERTIES as Record<string, string>)[key] ?? key;
      bag.system[name] = value;
    } else {
      bag.application[key] = value;
    }
  }
  return bag;
}

/** The inverse, for topics the hub sends (method requests, module inputs, C2D). */
export function encodePropertyBag(bag: PropertyBag): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(bag.system)) {
    const wire = WIRE_NAME[name] ?? name;
    pairs.push(`${encodeURIComponent(wire)}=${encodeURIComponent(value)}`);
  }
  for (const [key, value] of Object.entries(bag.application)) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return pairs.join("&");
}
