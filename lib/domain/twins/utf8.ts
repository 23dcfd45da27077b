import { Buffer } from "node:buffer";

/**
 * C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F). DEL is included because IoT Hub is a
 * .NET service and `char.IsControl` treats it as a control character.
 */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARS_GLOBAL = /[\u0000-\u001f\u007f-\u009f]/g;

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS_GLOBAL, "");
}
