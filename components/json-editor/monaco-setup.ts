"use client";

/**
 * The local Monaco, slim: the editor core, its standard contributions and the JSON language only
 * (a full `import "monaco-editor"` triples the chunk). Workers come from the package too, so nothing
 * is fetched from a CDN. Imported only by the lazily loaded editor components of this folder, so it
 * lands in the chunks of editor pages and nowhere else.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/register.all";
import { jsonDefaults } from "monaco-editor/languages/features/json/register";

type MonacoEnvironment = { getWorker(workerId: string, label: string): Worker };

(self as unknown as { MonacoEnvironment: MonacoEnvironment }).MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === "json") {
      return new Worker(new URL("monaco-editor/languages/features/json/json.worker", import.meta.url), { type: "module" });
    }
    return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module" });
  },
};

// Syntax errors come from the JSON worker; twin rules are added as markers by the editor itself.
jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: false, trailingCommas: "error", schemas: [] });

/**
 * JSON Schemas by model URI (the deployment composer validates its manifest against the deployment
 * schema). Monaco keeps one global schema list, so editors register and unregister their own entry.
 */
const schemasByModel = new Map<string, object>();
export function setModelSchema(modelUri: string, schema: object | null) {
  if (schema) schemasByModel.set(modelUri, schema);
  else schemasByModel.delete(modelUri);
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    trailingCommas: "error",
    schemas: [...schemasByModel].map(([uri, s]) => ({ uri: `${uri}#schema`, fileMatch: [uri], schema: s })),
  });
}

loader.config({ monaco: monaco as never });

export { monaco };
export type Monaco = typeof monaco;
