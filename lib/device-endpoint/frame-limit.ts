import type { Client } from "aedes";

type MqttParser = {
  packet?: { length: number };
  _parseLength?: () => boolean;
  _emitError?: (error: Error) => void;
};

/**
 * Caps the size of every MQTT packet a client may send, before it is buffered: mqtt-packet would
 * otherwise collect a packet of any announced length (up to 256 MB, a CONNECT included) in memory.
 * aedes offers no option for this, so the parser's length step is wrapped: once the remaining
 * length is known and too large, the parser fails and aedes closes the connection. Relies on
 * mqtt-packet's parser internals (stable across its 6-9 releases); without them it does nothing.
 */
export function limitPacketSize(client: Client, maxBytes: number): void {
  const parser = (client as Client & { _parser?: MqttParser })._parser;
  const original = parser?._parseLength;
  if (!parser || typeof original !== "function" || typeof parser._emitError !== "function") return;
  parser._parseLength = function parseLengthWithLimit(this: MqttParser) {
    const done = original.call(this);
    if (done && (this.packet?.length ?? 0) > maxBytes) {
      this._emitError!(new Error(`packet of ${this.packet!.length} bytes exceeds the ${maxBytes}-byte limit`));
      return false;
    }
    return done;
  };
}
