"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import { monaco, setModelSchema } from "./monaco-setup";
import { useMonacoTheme } from "./use-monaco-theme";

export type TextMarker = { message: string; start: number; end: number };

export type JsonCodeEditorProps = {
  /** Model URI path: one model per editor on the page (e.g. `desired.json`). */
  path: string;
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  ariaLabel: string;
  /** Extra problems to underline (twin rules), as text offsets. JSON syntax is checked by Monaco itself. */
  markers?: readonly TextMarker[];
  height?: string;
  /** A JSON Schema (draft-07) the text is validated against as you type, with completion from it. */
  schema?: object;
};

const MARKER_OWNER = "twin-rules";

/** One Monaco JSON editor. Loaded only through ./index (next/dynamic, no SSR). */
export default function JsonCodeEditor({ path, value, onChange, readOnly, ariaLabel, markers = [], height = "24rem", schema }: JsonCodeEditorProps) {
  const theme = useMonacoTheme();
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const [modelUri, setModelUri] = useState<string | null>(null);
  useEffect(() => {
    if (!modelUri || !schema) return;
    setModelSchema(modelUri, schema);
    return () => setModelSchema(modelUri, null);
  }, [modelUri, schema]);

  const applyMarkers = () => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      markers.map((m) => {
        const from = model.getPositionAt(m.start);
        const to = model.getPositionAt(Math.max(m.end, m.start + 1));
        return {
          severity: monaco.MarkerSeverity.Error,
          message: m.message,
          startLineNumber: from.lineNumber,
          startColumn: from.column,
          endLineNumber: to.lineNumber,
          endColumn: to.column,
        };
      }),
    );
  };
  // Markers are recomputed from the text on every change; re-apply whenever they differ.
  useEffect(applyMarkers);

  return (
    <div
      className="overflow-hidden rounded-md border border-slate-300 focus-within:outline-2 focus-within:outline-sky-500 dark:border-slate-700"
      data-testid={`json-editor-${path}`}
      data-readonly={readOnly ? "true" : "false"}
    >
      <Editor
        path={path}
        language="json"
        value={value}
        theme={theme}
        height={height}
        onChange={(next) => onChange?.(next ?? "")}
        onMount={(editor) => {
          editorRef.current = editor;
          setModelUri(editor.getModel()?.uri.toString() ?? null);
          applyMarkers();
        }}
        loading={<div className="h-full w-full animate-pulse bg-slate-200 dark:bg-slate-800" aria-label="Loading editor" />}
        options={{
          readOnly,
          domReadOnly: readOnly,
          ariaLabel,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          renderValidationDecorations: "on",
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
