import { describe, expect, it } from "vitest";
import { parseRoute, routeText, type ParsedRoute } from "./routes";

const upstream = { kind: "upstream" } as const;
const toModule = (module: string, input: string) => ({ kind: "module", module, input }) as const;

describe("parseRoute: every example of reference §7", () => {
  it.each<[string, Partial<ParsedRoute>]>([
    ["FROM /messages/* INTO $upstream", { source: "/messages/*", sourceModule: null, sourceOutput: null, condition: null, sink: upstream }],
    [
      'FROM /messages/modules/opcua-collector/outputs/telemetry INTO BrokeredEndpoint("/modules/anomaly-filter/inputs/raw")',
      { source: "/messages/modules/opcua-collector/outputs/telemetry", sourceModule: "opcua-collector", sourceOutput: "telemetry", sink: toModule("anomaly-filter", "raw") },
    ],
    [
      "FROM /messages/modules/* WHERE $connectionModuleId = 'anomaly-filter' AND alertLevel = 'critical' INTO $upstream",
      { source: "/messages/modules/*", sourceModule: null, condition: "$connectionModuleId = 'anomaly-filter' AND alertLevel = 'critical'" },
    ],
    [
      "FROM /messages/modules/anomaly-filter/* WHERE $body.machine.status != 'running' INTO $upstream",
      { sourceModule: "anomaly-filter", sourceOutput: null, condition: "$body.machine.status != 'running'" },
    ],
    [
      "FROM /messages/* WHERE as_number(batteryPct) < 15 OR starts_with($connectionDeviceId, 'cam-') INTO $upstream",
      { condition: "as_number(batteryPct) < 15 OR starts_with($connectionDeviceId, 'cam-')" },
    ],
    ["FROM /twinChangeNotifications INTO $upstream", { source: "/twinChangeNotifications", sink: upstream }],
    ["SELECT * FROM /messages/modules/x/outputs/y INTO $upstream   /* legacy SELECT form */", { source: "/messages/modules/x/outputs/y", sourceModule: "x", sourceOutput: "y" }],
    // The same example as in the reference but with the comment away from the `/*` of the source (see below).
    ["FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream", { condition: "NOT IS_DEFINED($connectionModuleId)" }],
  ])("%s", (text, expected) => {
    const result = parseRoute(text);
    expect(result).toMatchObject({ ok: true, route: expected, warnings: [] });
  });

  it("the leaf-devices example with a trailing comment fails as it would in edgeHub, and says why", () => {
    // edgeHub's lexer takes the longest token: `/*` after `/messages` opens a comment that runs to the final `*/`.
    const text = "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream   /* leaf devices only */";
    const result = parseRoute(text);
    expect(result).toMatchObject({ ok: false, offset: text.indexOf("/*") });
    if (!result.ok) expect(result.message).toContain("starts a comment");
  });
});

describe("parseRoute: accepted forms", () => {
  it.each<[string, Partial<ParsedRoute>]>([
    ["from /messages/* into $UPSTREAM", { sink: upstream }],
    ["FrOm /messages/* WhErE a = 'b' aNd NoT c = 'd' oR e = 'f' InTo $Upstream", { condition: "a = 'b' aNd NoT c = 'd' oR e = 'f'" }],
    ["select * from /messages into $upstream", { source: "/messages" }],
    ["FROM /messages/* INTO brokeredendpoint('/modules/filter/inputs/in1')", { sink: toModule("filter", "in1") }],
    ["FROM /messages/* INTO BROKEREDENDPOINT(\"/Modules/filter/Inputs/in1\")", { sink: toModule("filter", "in1") }],
    ["FROM /* INTO $upstream", { source: "/*" }],
    ["FROM /messages/modules/m/outputs/* INTO $upstream", { sourceModule: "m", sourceOutput: null }],
    ["/* lead */ FROM /messages /* mid */ INTO /* sink */ $upstream /* tail */", { source: "/messages" }],
    ["FROM /messages/* WHERE a = true OR b = false OR c = null OR d = undefined INTO $upstream", {}],
    ["FROM /messages/* WHERE {$contentType} = 'application/json' INTO $upstream", {}],
    ["FROM /messages/* WHERE $body.readings[0].value > 0x1F INTO $upstream", {}],
    ["FROM /messages/* WHERE -a < 1.5e3 AND b * 2 % 3 = .5 INTO $upstream", {}],
    ["FROM /messages/* WHERE a || 'x' = 'yx' ?? false INTO $upstream", {}],
    ["FROM /messages/* WHERE a <> 'b' AND c >= 1 AND d <= 2 INTO $upstream", {}],
    ["FROM /messages/* WHERE concat(a, b, c) = 'abc' AND substring(a, 1) = 'x' AND substring(a, 1, 2) = 'y' INTO $upstream", {}],
    ["FROM /messages/* WHERE LOWER(a) = 'x' AND Is_Defined(b) INTO $upstream", {}],
    ["FROM /messages/* WHERE a = 'it\\'s \\\"q\\\" \\\\ \\u00e9' INTO $upstream", {}],
    ["FROM /twinChangeNotifications WHERE twin_change_includes(properties.reported.x) INTO $upstream", {}],
    ["FROM /messages/* WHERE ((a = 'b')) INTO $upstream", { condition: "((a = 'b'))" }],
  ])("%s", (text, expected) => {
    const result = parseRoute(text);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, route: expected });
  });
});

describe("parseRoute: errors with precise offsets", () => {
  it.each<[string, string, (text: string) => number]>([
    ["", "expected FROM", () => 0],
    ["   ", "expected FROM", () => 3],
    ["FROM /messages/* $upstream", "expected WHERE or INTO", (t) => t.indexOf("$upstream")],
    ["FROM /messages/modules/x WHERE a = 1 $upstream", "expected INTO or an operator", (t) => t.indexOf("$upstream")],
    ["FROM /messages/* WHERE INTO $upstream", "expected an operand", (t) => t.indexOf("INTO")],
    ["FROM /messages/* WHERE a = INTO $upstream", "expected an operand", (t) => t.indexOf("INTO")],
    ["FROM /messages/* WHERE (a = 'b' INTO $upstream", "expected ')'", (t) => t.indexOf("INTO")],
    ["FROM /messages/* WHERE a = 'b INTO $upstream", "unterminated string", (t) => t.indexOf("'b")],
    ["FROM /messages/* WHERE a = 'b\\n' INTO $upstream", "invalid escape", (t) => t.indexOf("\\n")],
    ["FROM /messages/* WHERE a @ b INTO $upstream", "unexpected character '@'", (t) => t.indexOf("@")],
    ["FROM /messages/* WHERE a = 1 && b = 2 INTO $upstream", "(use AND)", (t) => t.indexOf("&&")],
    ["FROM /messages/* WHERE a == 1 INTO $upstream", "equality is a single =", (t) => t.indexOf("==") + 1],
    ["FROM messages INTO $upstream", "source path starting with '/'", (t) => t.indexOf("messages")],
    ["FROM /messages/into/x INTO $upstream", "INTO is a keyword", (t) => t.indexOf("into")],
    ["FROM / INTO $upstream", "a path segment", (t) => t.indexOf("INTO")],
    ["SELECT FROM /messages INTO $upstream", "'*' after SELECT", (t) => t.indexOf("FROM")],
    ["FROM /messages INTO", "a sink", (t) => t.length],
    ["FROM /messages INTO $downstream", "unknown system endpoint '$downstream'", (t) => t.indexOf("$downstream")],
    ["FROM /messages INTO ServiceBus(\"/x\")", "unknown endpoint 'ServiceBus'", (t) => t.indexOf("ServiceBus")],
    ["FROM /messages INTO BrokeredEndpoint(/modules/a/inputs/b)", "quoted address", (t) => t.indexOf("/modules")],
    ['FROM /messages INTO BrokeredEndpoint("/modules/a/inputs/b"', "')' after the BrokeredEndpoint address", (t) => t.length],
    ['FROM /messages INTO BrokeredEndpoint("/modules/a/b")', "exactly 4 segments", (t) => t.indexOf("/modules")],
    ['FROM /messages INTO BrokeredEndpoint("/modules/a/inputs/b/c")', "exactly 4 segments", (t) => t.indexOf("/modules")],
    ['FROM /messages INTO BrokeredEndpoint("modules/a/inputs/b")', "exactly 4 segments", (t) => t.indexOf("modules")],
    ['FROM /messages INTO BrokeredEndpoint("/modules//inputs/b")', "exactly 4 segments", (t) => t.indexOf("/modules")],
    ['FROM /messages INTO BrokeredEndpoint("/devices/a/inputs/b")', "exactly 4 segments", (t) => t.indexOf("/devices")],
    ["FROM /messages INTO $upstream WHERE a = 1", "end of route after the sink", (t) => t.indexOf("WHERE")],
    ["FROM /messages/* WHERE STARTSWITH(a, 'b') INTO $upstream", "starts_with", (t) => t.indexOf("STARTSWITH")],
    ["FROM /messages/* WHERE ENDSWITH(a, 'b') INTO $upstream", "ends_with", (t) => t.indexOf("ENDSWITH")],
    ["FROM /messages/* WHERE IS_OBJECT($body.a) INTO $upstream", "IoT Hub routing only", (t) => t.indexOf("IS_OBJECT")],
    ["FROM /messages/* WHERE nope(a) INTO $upstream", "unknown function 'nope'", (t) => t.indexOf("nope")],
    ["FROM /messages/* WHERE starts_with(a) INTO $upstream", "takes 2 arguments, got 1", (t) => t.indexOf("starts_with")],
    ["FROM /messages/* WHERE concat(a) = 'a' INTO $upstream", "at least 2", (t) => t.indexOf("concat")],
    ["FROM /messages/* WHERE substring(a) = 'a' INTO $upstream", "2 to 3", (t) => t.indexOf("substring")],
    ["FROM /messages/* WHERE is_defined() INTO $upstream", "takes 1 argument, got 0", (t) => t.indexOf("is_defined")],
    ["FROM /messages/* WHERE is_defined(a b) INTO $upstream", "',' or ')'", (t) => t.indexOf("b)")],
    ["FROM /messages/* WHERE { a } = 1 INTO $upstream", "system property", (t) => t.indexOf("a }")],
    ["FROM /messages/* WHERE a = 5 -1 INTO $upstream", "expected INTO or an operator", (t) => t.indexOf("-1")],
  ])("%j ⇒ %s", (text, message, at) => {
    const result = parseRoute(text);
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(message);
    expect(result.offset).toBe(at(text));
    expect(result.message).toContain(`${result.offset}`);
  });
});

describe("parseRoute: accepted by edgeHub but probably not meant (warnings)", () => {
  it.each<[string, string, (text: string) => number]>([
    ["FROM /messages/* WHERE flag = TRUE INTO $upstream", "literals are lower-case only (true)", (t) => t.indexOf("TRUE")],
    ["FROM /messages/* WHERE x = NULL INTO $upstream", "lower-case only (null)", (t) => t.indexOf("NULL")],
    ["FROM /messages/* WHERE a!=b INTO $upstream", "put spaces around operators", (t) => t.indexOf("a!")],
    ["FROM /messages/* WHERE $deviceId = 'x' INTO $upstream", "not an edgeHub system property", (t) => t.indexOf("$deviceId")],
    ["FROM /messages/modules/*/outputs/x INTO $upstream", "matches no edgeHub message source", (t) => t.indexOf("/messages")],
    ["FROM /devices/x INTO $upstream", "matches no edgeHub message source", (t) => t.indexOf("/devices")],
  ])("%j warns %s", (text, message, at) => {
    const result = parseRoute(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]!.message).toContain(message);
    expect(result.warnings[0]!.offset).toBe(at(text));
  });
});

describe("routeText", () => {
  it.each([
    ["FROM /messages/* INTO $upstream", "FROM /messages/* INTO $upstream"],
    [{ route: "FROM /x INTO $upstream", priority: 0 }, "FROM /x INTO $upstream"],
    [{ priority: 0 }, null],
    [42, null],
    [undefined, null],
  ])("%j ⇒ %j", (value, text) => expect(routeText(value)).toBe(text));
});
