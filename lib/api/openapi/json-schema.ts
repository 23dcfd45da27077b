import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as an OpenAPI 3.1 Schema Object (JSON Schema 2020-12, which 3.1 uses as-is).
 * Request bodies use `io: "input"` (what a client may send); response bodies `io: "output"`. The
 * `$schema` marker is dropped because the document already declares the dialect. `$defs` would
 * hold `#/$defs/…` references that break once the schema sits under `components`, so they are
 * refused: give the zod schema no `id` metadata.
 */
export function toOpenApiSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io }) as JsonSchema;
  if ("$defs" in rest) throw new Error("OpenAPI component schemas must not carry $defs");
  return rest;
}
