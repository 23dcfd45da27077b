import { sql } from "drizzle-orm";
import { toMessageDto, type MessageDto, type MessageRow } from "./list-messages";
import type { TwinTarget } from "./select-twin-row";
import { getStore, rowsOf } from "./store";

export type MessageInput = {
  target: TwinTarget;
  outputName: string | null;
  systemProperties: Record<string, string>;
  properties: Record<string, string>;
  body: Uint8Array;
  now: Date;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text when the bytes are valid UTF-8 without NUL (PostgreSQL text), else base64. */
function encodeBody(body: Uint8Array): { text: string; encoding: "utf8" | "base64" } {
  try {
    const text = utf8.decode(body);
    if (!text.includes("\u0000")) return { text, encoding: "utf8" };
  } catch {
    /* not UTF-8 */
  }
  return { text: Buffer.from(body).toString("base64"), encoding: "base64" };
}

/**
 * Stores one telemetry message. The MQTT endpoint awaits this before it sends PUBACK, so an
 * acknowledged QoS 1 message is in the store. Property texts are checked by the topic parser.
 */
export async function insertMessage(input: MessageInput): Promise<MessageDto> {
  const { text, encoding } = encodeBody(input.body);
  const { db } = await getStore();
  const [row] = await rowsOf<MessageRow>(
    db,
    sql`insert into messages (device_id, module_id, output_name, system_properties, properties, body, body_encoding, size, enqueued_at)
        values (${input.target.deviceId}, ${input.target.moduleId ?? ""}, ${input.outputName},
          ${JSON.stringify(input.systemProperties)}::jsonb, ${JSON.stringify(input.properties)}::jsonb,
          ${text}, ${encoding}, ${input.body.byteLength}, ${input.now.toISOString()})
        returning *`,
  );
  return toMessageDto(row!);
}
