"use client";

import dynamic from "next/dynamic";

/**
 * The one Monaco wrapper of the console (architecture rule 5). Both components are client-only and
 * code-split: Monaco and its workers load when an editor first renders, so pages without one (the
 * device list, the dashboard) never download it.
 */
const placeholder = (label: string) =>
  function EditorPlaceholder() {
    return <div className="h-64 w-full animate-pulse rounded-md bg-slate-200 dark:bg-slate-800" aria-label={label} />;
  };

export const JsonCodeEditor = dynamic(() => import("./json-code-editor"), { ssr: false, loading: placeholder("Loading editor") });
export const JsonDiffView = dynamic(() => import("./json-diff-view"), { ssr: false, loading: placeholder("Loading diff") });
export type { JsonCodeEditorProps, TextMarker } from "./json-code-editor";
export type { JsonDiffViewProps } from "./json-diff-view";
