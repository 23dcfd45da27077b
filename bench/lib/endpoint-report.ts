import type { FigureRow } from "./context";
import { ratioOf } from "./context";
import type { EmitBaselineFigures } from "./emit-baseline";
import type { ConnectFigures } from "./fleet-connect";
import type { LiveStatusFigures } from "./live-status";
import type { TwinGetFigures } from "./mqtt-twin-get";

const row = (r: Partial<FigureRow> & Pick<FigureRow, "benchmark" | "metric" | "unit">): FigureRow => ({
  edgedeck: null,
  baseline: null,
  ratio: null,
  target: "-",
  met: null,
  ...r,
});

export function connectRows(c: ConnectFigures): FigureRow[] {
  const fleet = `${c.devicesStarted}/${c.devicesRequested} devices`;
  return [
    row({ benchmark: "Connect: prepare devices (REST)", metric: "time", unit: "s", edgedeck: c.prepareSeconds, note: `${fleet} x ${c.modulesPerDevice} modules: create, deploy, system module keys, dial` }),
    row({
      benchmark: "Connect: all MQTT connections up",
      metric: "time",
      unit: "s",
      edgedeck: c.allConnectedSeconds,
      note: `${c.connections} of ${c.connectionsExpected} expected connections (simulator), ${c.serverTcpConnections} established TCP on the server's MQTT port${c.allConnectedSeconds === null ? "; NOT ALL CONNECTED within the timeout" : ""}`,
    }),
    row({ benchmark: "Connect: MQTT connections", metric: "count", unit: "connections", edgedeck: c.connections }),
    row({
      benchmark: "Connect: server RSS before / after",
      metric: "after",
      unit: "MiB",
      edgedeck: c.serverRssAfterMiB,
      note: `before ${c.serverRssBeforeMiB} MiB (idle, no connection)`,
    }),
    row({ benchmark: "Connect: server memory per connection", metric: "RSS growth / connections", unit: "KiB", edgedeck: c.serverKiBPerConnection }),
    row({ benchmark: "Connect: simulator (bench) process RSS", metric: "RSS", unit: "MiB", edgedeck: c.simulatorRssMiB, note: "the fleet runs in the bench process; read before any console socket" }),
  ];
}

export function twinGetRows(g: TwinGetFigures, connections: number): FigureRow[] {
  const note = `${g.latency.count} GETs from ${g.identities} identities (${g.perIdentity} each, ${g.concurrency} in flight, ${g.perSecond}/s) with ${connections} connections up; mean ${g.latency.mean} ms, max ${g.latency.max} ms; errors ${g.errors}`;
  return [
    row({ benchmark: "Twin GET over MQTT", metric: "latency p50", unit: "ms", edgedeck: g.latency.p50, note }),
    row({ benchmark: "Twin GET over MQTT", metric: "latency p99", unit: "ms", edgedeck: g.latency.p99 }),
  ];
}

export function liveStatusRows(l: LiveStatusFigures, b: EmitBaselineFigures): FigureRow[] {
  const valid = l.failed === 0 && l.unanswered === 0 && l.lost === 0;
  return [
    row({
      benchmark: `Live status: reported PATCH -> socket event, ${l.sockets} sockets`,
      metric: "latency p50",
      unit: "ms",
      edgedeck: l.latency.p50,
      baseline: b.latency.p50,
      ratio: ratioOf(l.latency.p50, b.latency.p50),
      note: `EdgeDeck: ${l.delivered} deliveries of ${l.acknowledged} patches, mean ${l.latency.mean} ms, max ${l.latency.max} ms; baseline: in-process emit to a bare Socket.IO server, ${b.delivered} deliveries of ${b.emitted} events at ${b.achievedRate}/s`,
    }),
    row({
      benchmark: `Live status: reported PATCH -> socket event, ${l.sockets} sockets`,
      metric: "latency p99",
      unit: "ms",
      edgedeck: l.latency.p99,
      baseline: b.latency.p99,
      ratio: ratioOf(l.latency.p99, b.latency.p99),
      target: "p99 < 200 ms",
      met: valid && l.latency.count > 0 && l.latency.p99 < 200,
      note: valid ? undefined : "INVALID: failed or unanswered patches, or lost events",
    }),
    row({
      benchmark: "Live status: reported patches",
      metric: "achieved rate",
      unit: "patches/s",
      edgedeck: l.achievedRate,
      target: `${l.rateTarget}/s`,
      met: l.achievedRate >= l.rateTarget * 0.98,
      note: `${l.acknowledged} answered 204 of ${l.sent} sent in ${l.sendSeconds} s over ${l.identities} identities; failed ${l.failed}, unanswered ${l.unanswered}; PATCH round trip p50 ${l.patchLatency.p50} / p99 ${l.patchLatency.p99} ms${l.firstError ? `; first error: ${l.firstError}` : ""}`,
    }),
    row({
      benchmark: "Live status: events lost",
      metric: "expected - received",
      unit: "events",
      edgedeck: l.lost,
      baseline: b.lost,
      target: "0",
      met: l.lost === 0,
      note: `expected ${l.expected} (${l.acknowledged} x ${l.sockets}); baseline expected ${b.expected}`,
    }),
  ];
}
