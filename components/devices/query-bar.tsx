"use client";

import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";

export type QueryError = { message: string; position: number | null };

/**
 * The IoT Hub query input: a WHERE clause or a whole `SELECT * FROM devices WHERE …`. A syntax error
 * is underlined at its position by a mirror layer under a transparent textarea (same font, padding
 * and wrapping), so no editor library is needed on this page.
 */
export function QueryBar({ value, error, onApply }: { value: string; error: QueryError | null; onApply: (query: string) => void }) {
  const [draft, setDraft] = useState(value);
  const inputId = useId();
  const errorId = useId();
  useEffect(() => setDraft(value), [value]);
  // The error belongs to the text that was applied; once the operator edits, stop pointing into it.
  const shown = error && draft === value ? error : null;
  const apply = () => onApply(draft.trim());
  const text = "relative w-full rounded-md border px-3 py-2 font-mono text-sm leading-6 whitespace-pre-wrap break-words";

  return (
    <form
      className="space-y-1"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        Query <span className="font-normal text-slate-500">(WHERE clause or SELECT * FROM devices WHERE …; Enter to apply)</span>
      </label>
      <div className="flex items-start gap-2">
        <div className="relative flex-1">
          <div aria-hidden className={`${text} pointer-events-none absolute inset-0 border-transparent text-transparent`}>
            {underlined(draft, shown?.position ?? null)}
          </div>
          <textarea
            id={inputId}
            rows={1}
            value={draft}
            spellCheck={false}
            aria-invalid={shown ? true : undefined}
            aria-describedby={shown ? errorId : undefined}
            placeholder="tags.site = 'berlin-plant' AND properties.reported.firmware.version < '2.0'"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                apply();
              }
            }}
            className={`${text} block resize-y bg-transparent text-slate-900 caret-slate-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-slate-100 dark:caret-slate-100 ${
              shown ? "border-red-500" : "border-slate-300 dark:border-slate-700"
            }`}
          />
        </div>
        <Button type="submit">Apply</Button>
        {value ? (
          <Button type="button" variant="secondary" onClick={() => onApply("")}>
            Clear
          </Button>
        ) : null}
      </div>
      {shown ? (
        <p id={errorId} role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid="query-error">
          {shown.position !== null ? `Syntax error at position ${shown.position}: ` : "Query error: "}
          {shown.message}
        </p>
      ) : null}
    </form>
  );
}

/** The text with the token at `position` wrapped in a wavy underline (a space past the end). */
function underlined(text: string, position: number | null) {
  if (position === null) return text;
  const start = Math.min(position, text.length);
  const match = /^\S+/.exec(text.slice(start));
  const end = match ? start + match[0].length : start + 1;
  const token = text.slice(start, end) || " ";
  return (
    <>
      {text.slice(0, start)}
      <span data-testid="query-error-mark" className="underline decoration-red-600 decoration-wavy decoration-2 [text-decoration-skip-ink:none]">
        {token}
      </span>
      {text.slice(end)}
    </>
  );
}
