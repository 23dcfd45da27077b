"use client";

import { DiffEditor } from "@monaco-editor/react";
import "./monaco-setup";
import { useMonacoTheme } from "./use-monaco-theme";

export type JsonDiffViewProps = {
  /** Unique per diff on the page: the models are named after it. */
  id: string;
  original: string;
  modified: string;
  ariaLabel: string;
  height?: string;
};

/** A read-only Monaco diff of two JSON texts, side by side. Loaded only through ./index. */
export default function JsonDiffView({ id, original, modified, ariaLabel, height = "20rem" }: JsonDiffViewProps) {
  const theme = useMonacoTheme();
  return (
    <div
      className="overflow-hidden rounded-md border border-slate-300 dark:border-slate-700"
      data-testid={`json-diff-${id}`}
      role="group"
      aria-label={ariaLabel}
    >
      <DiffEditor
        original={original}
        modified={modified}
        originalModelPath={`diff/${id}/before.json`}
        modifiedModelPath={`diff/${id}/after.json`}
        language="json"
        theme={theme}
        height={height}
        loading={<div className="h-full w-full animate-pulse bg-slate-200 dark:bg-slate-800" aria-label="Loading diff" />}
        options={{
          readOnly: true,
          originalEditable: false,
          renderSideBySide: true,
          minimap: { enabled: false },
          fontSize: 13,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          ariaLabel,
        }}
      />
    </div>
  );
}
