import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeUriComponentStrict, parseSasToken, signSasToken, verifySasToken, type SasVerification } from "./sas";
import { azureIotCommon, azureIotDevice } from "./sdk.test-support";

const HOST = "contoso.azure-devices.net";
const PRIMARY = Buffer.alloc(32, 1).toString("base64");
const SECONDARY = Buffer.alloc(32, 2).toString("base64");
const OTHER = Buffer.alloc(32, 3).toString("base64");
const SE = 1_740_000_000;

const hmac = (key: string, text: string) => createHmac("sha256", Buffer.from(key, "base64")).update(text).digest("base64");
/** Builds a token by hand so tests can control every byte of sr/sig/se. */
const handToken = (sr: string, se: string | number, key = PRIMARY, extra = "") =>
  `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(hmac(key, `${sr}\n${se}`))}&se=${se}${extra}`;

describe("encodeUriComponentStrict", () => {
  it.each<[string, string]>([
    ["contoso.azure-devices.net/devices/d1", "contoso.azure-devices.net%2Fdevices%2Fd1"],
    ["$edgeAgent", "%24edgeAgent"],
    ["a*b", "a%2ab"],
    ["!'()", "%21%27%28%29"],
    ["é ü", "%C3%A9%20%C3%BC"],
    ["a=b&c+d", "a%3Db%26c%2Bd"],
  ])("%j ⇒ %s (same as the SDK)", (input, expected) => {
    expect(encodeUriComponentStrict(input)).toBe(expected);
    expect(azureIotCommon.encodeUriComponentStrict(input)).toBe(expected);
  });
});

describe("signSasToken matches the SDK byte for byte", () => {
  it.each<[string, string, string | undefined]>([
    ["hub policy", HOST, "iothubowner"],
    ["device", `${HOST}/devices/dev1`, undefined],
    ["module", `${HOST}/devices/edge-gw-01/modules/anomaly-filter`, undefined],
    ["system module", `${HOST}/devices/gw/modules/$edgeAgent`, undefined],
    ["ids with strict escapes", `${HOST}/devices/a*b'(c)!`, undefined],
    ["policy-signed device token", `${HOST}/devices/dev1`, "device"],
    ["policy name needing escapes", HOST, "my policy*"],
  ])("%s", (_name, resourceUri, policyName) => {
    const ours = signSasToken({ resourceUri, keyBase64: PRIMARY, expirySeconds: SE, policyName });
    const sdk = azureIotCommon.SharedAccessSignature.create(
      azureIotCommon.encodeUriComponentStrict(resourceUri),
      policyName as string,
      PRIMARY,
      SE,
    );
    expect(ours).toBe(sdk.toString());
    expect(verifySasToken(ours, [PRIMARY], SE)).toMatchObject({ ok: true, audience: resourceUri });
  });
});

describe("parseSasToken", () => {
  it("returns raw sr, decoded audience, decoded sig, numeric se and decoded skn", () => {
    const token = signSasToken({ resourceUri: `${HOST}/devices/d1`, keyBase64: PRIMARY, expirySeconds: SE, policyName: "my policy" });
    const parsed = parseSasToken(token);
    expect(parsed).toEqual({
      sr: `${HOST}%2Fdevices%2Fd1`,
      audience: `${HOST}/devices/d1`,
      sig: hmac(PRIMARY, `${HOST}%2Fdevices%2Fd1\n${SE}`),
      seRaw: String(SE),
      se: SE,
      skn: "my policy",
    });
    // And the SDK's own parser agrees with our token.
    const sdk = azureIotCommon.SharedAccessSignature.parse(token, ["sr", "sig", "se", "skn"]);
    expect([sdk.sr, decodeURIComponent(sdk.sig), Number(sdk.se)]).toEqual([parsed.sr, parsed.sig, parsed.se]);
  });

  it.each<[string, string]>([
    ["docs order sig, se, skn, sr", `SharedAccessSignature sig=abc&se=${SE}&skn=service&sr=${HOST}`],
    ["surrounding whitespace", `  SharedAccessSignature sr=${HOST}&sig=abc&se=${SE}  `],
    ["upper-case field names", `SharedAccessSignature SR=${HOST}&SIG=abc&SE=${SE}`],
    ["unknown fields ignored", `SharedAccessSignature sr=${HOST}&sig=abc&se=${SE}&foo=bar`],
    ["empty elements ignored", `SharedAccessSignature sr=${HOST}&&sig=abc&se=${SE}&`],
  ])("accepts %s", (_name, token) => {
    expect(parseSasToken(token)).toMatchObject({ audience: HOST, sig: "abc", se: SE });
  });

  it.each<[string, string]>([
    ["empty", ""],
    ["scheme only", "SharedAccessSignature"],
    ["wrong scheme", `Bearer sr=${HOST}&sig=abc&se=${SE}`],
    ["lower-case scheme", `sharedaccesssignature sr=${HOST}&sig=abc&se=${SE}`],
    ["three parts", `SharedAccessSignature sr=${HOST}&sig=abc &se=${SE}`],
    ["missing sr", `SharedAccessSignature sig=abc&se=${SE}`],
    ["missing sig", `SharedAccessSignature sr=${HOST}&se=${SE}`],
    ["missing se", `SharedAccessSignature sr=${HOST}&sig=abc`],
    ["empty sig", `SharedAccessSignature sr=${HOST}&sig=&se=${SE}`],
    ["non-numeric se", `SharedAccessSignature sr=${HOST}&sig=abc&se=soon`],
    ["fractional se", `SharedAccessSignature sr=${HOST}&sig=abc&se=1.5`],
    ["negative se", `SharedAccessSignature sr=${HOST}&sig=abc&se=-1`],
    ["duplicate sr", `SharedAccessSignature sr=${HOST}&sr=evil&sig=abc&se=${SE}`],
    ["bad escape in sr", `SharedAccessSignature sr=%zz&sig=abc&se=${SE}`],
  ])("rejects %s with IotHubUnauthorizedAccess", (_name, token) => {
    expect(() => parseSasToken(token)).toThrow(expect.objectContaining({ code: "IotHubUnauthorizedAccess" }));
  });
});

describe("verifySasToken", () => {
  const device = `${HOST}/devices/d1`;
  const good = signSasToken({ resourceUri: device, keyBase64: PRIMARY, expirySeconds: SE });
  const bySecondary = signSasToken({ resourceUri: device, keyBase64: SECONDARY, expirySeconds: SE });
  const lowerSr = `${HOST}%2fdevices%2fd1`;
  const upperSr = `${HOST}%2Fdevices%2Fd1`;
  const ok = (audience = device): SasVerification => ({ ok: true, audience, expiresAt: SE });

  it.each<[string, string, string[], number, SasVerification]>([
    ["round trip with the primary key", good, [PRIMARY, SECONDARY], SE - 3600, ok()],
    ["secondary key accepted", bySecondary, [PRIMARY, SECONDARY], SE - 3600, ok()],
    ["wrong key", signSasToken({ resourceUri: device, keyBase64: OTHER, expirySeconds: SE }), [PRIMARY, SECONDARY], SE, { ok: false, reason: "signature" }],
    ["no keys", good, [], SE, { ok: false, reason: "signature" }],
    ["at expiry", good, [PRIMARY], SE, ok()],
    ["expired but within the 300 s skew", good, [PRIMARY], SE + 300, ok()],
    ["expired beyond the skew", good, [PRIMARY], SE + 301, { ok: false, reason: "expired" }],
    ["tampered se", good.replace(`se=${SE}`, `se=${SE + 3600}`), [PRIMARY], SE, { ok: false, reason: "signature" }],
    ["tampered sr", good.replace("d1", "d2"), [PRIMARY], SE, { ok: false, reason: "signature" }],
    ["sr re-cased after signing", good.replace(upperSr, lowerSr), [PRIMARY], SE, { ok: false, reason: "signature" }],
    ["lower-case escapes signed verbatim", handToken(lowerSr, SE), [PRIMARY], SE, ok()],
    ["lower-cased whole URI (identity service)", handToken(encodeURIComponent(`${HOST}/devices/mydevice`.toLowerCase()), SE), [PRIMARY], SE, ok(`${HOST}/devices/mydevice`)],
    ["unencoded sig (raw base64)", `SharedAccessSignature sr=${upperSr}&sig=${hmac(PRIMARY, `${upperSr}\n${SE}`)}&se=${SE}`, [PRIMARY], SE, ok()],
    ["malformed", "SharedAccessSignature nope", [PRIMARY], SE, { ok: false, reason: "format" }],
    ["not a token", "Basic dXNlcjpwYXNz", [PRIMARY], SE, { ok: false, reason: "format" }],
  ])("%s", (_name, token, keys, now, expected) => {
    expect(verifySasToken(token, keys, now)).toEqual(expected);
  });

  it("honours a custom skew", () => {
    expect(verifySasToken(good, [PRIMARY], SE + 10, 0)).toEqual({ ok: false, reason: "expired" });
    expect(verifySasToken(good, [PRIMARY], SE + 10, 10)).toEqual(ok());
  });

  it.each<[string, string[]]>([
    ["empty", [""]],
    ["blank", ["  "]],
  ])("never treats an %s key as a usable key", (_name, keys) => {
    const forged = handToken(upperSr, SE, "");
    expect(verifySasToken(forged, keys, SE)).toEqual({ ok: false, reason: "signature" });
  });

  it("reports the policy name of policy tokens", () => {
    const token = signSasToken({ resourceUri: HOST, keyBase64: PRIMARY, expirySeconds: SE, policyName: "iothubowner" });
    expect(verifySasToken(token, [PRIMARY], SE)).toEqual({ ok: true, audience: HOST, policyName: "iothubowner", expiresAt: SE });
  });
});

describe("tokens produced by the official SDK verify", () => {
  it.each<[string, string, string | null]>([
    ["device token", `${HOST}/devices/dev1`, null],
    ["module token", `${HOST}/devices/edge-gw-01/modules/anomaly-filter`, null],
    ["$edgeHub module token", `${HOST}/devices/edge-gw-01/modules/$edgeHub`, null],
    ["service policy token (sr unencoded host, as the service SDK sends it)", HOST, "service"],
    ["device policy token for any device", `${HOST}/devices`, "device"],
  ])("azure-iot-common SharedAccessSignature.create: %s", (_name, resourceUri, keyName) => {
    const sdk = azureIotCommon.SharedAccessSignature.create(
      azureIotCommon.encodeUriComponentStrict(resourceUri),
      keyName as string,
      SECONDARY,
      SE,
    );
    const result = verifySasToken(sdk.toString(), [PRIMARY, SECONDARY], SE - 60);
    expect(result).toEqual({ ok: true, audience: resourceUri, expiresAt: SE, ...(keyName ? { policyName: keyName } : {}) });
  });

  it("azure-iot-device SharedAccessSignature.create (device helper)", () => {
    const sdk = azureIotDevice.SharedAccessSignature.create(HOST, "dev(1)*", PRIMARY, String(SE));
    expect(verifySasToken(sdk.toString(), [PRIMARY], SE)).toEqual({ ok: true, audience: `${HOST}/devices/dev(1)*`, expiresAt: SE });
  });

  it.each<[string, string, string, string | undefined]>([
    ["device", `HostName=${HOST};DeviceId=dev1;SharedAccessKey=${PRIMARY}`, `${HOST}/devices/dev1`, undefined],
    ["module", `HostName=${HOST};DeviceId=gw;ModuleId=filter;SharedAccessKey=${PRIMARY}`, `${HOST}/devices/gw/modules/filter`, undefined],
    ["policy-signed device", `HostName=${HOST};DeviceId=dev1;SharedAccessKeyName=device;SharedAccessKey=${PRIMARY}`, `${HOST}/devices/dev1`, "device"],
    ["via gateway (sr still uses HostName)", `HostName=${HOST};DeviceId=dev1;SharedAccessKey=${PRIMARY};GatewayHostName=gw.local`, `${HOST}/devices/dev1`, undefined],
  ])("SharedAccessKeyAuthenticationProvider (%s connection string)", async (_name, cs, audience, policyName) => {
    const provider = azureIotDevice.SharedAccessKeyAuthenticationProvider.fromConnectionString(cs);
    try {
      const credentials = await provider.getDeviceCredentials();
      const token = credentials.sharedAccessSignature as string;
      const now = Math.floor(Date.now() / 1000);
      const result = verifySasToken(token, [SECONDARY, PRIMARY], now);
      expect(result).toMatchObject({ ok: true, audience, ...(policyName ? { policyName } : {}) });
      expect(verifySasToken(token, [OTHER], now)).toEqual({ ok: false, reason: "signature" });
    } finally {
      provider.stop();
    }
  });
});
