"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_PATH_COLUMNS, parseTwinPath } from "@/lib/domain/fleet/columns";

/** Adds twin columns (`tags.x`, `properties.reported.y`) to the table; suggestions from the facets. */
export function ColumnChooser({ columns, suggestions, onChange }: { columns: string[]; suggestions: string[]; onChange: (next: string[]) => void }) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const listId = useId();
  const add = () => {
    const path = draft.trim();
    if (!parseTwinPath(path)) return setError("Use tags.<key> or properties.reported.<key> (dots between keys)");
    if (columns.includes(path)) return setError("That column is shown already");
    if (columns.length >= MAX_PATH_COLUMNS) return setError(`At most ${MAX_PATH_COLUMNS} twin columns`);
    setError(null);
    setDraft("");
    onChange([...columns, path]);
  };
  return (
    <details className="text-sm">
      <summary className="cursor-pointer select-none rounded-md px-1 focus-visible:outline-2 focus-visible:outline-sky-500">Columns ({columns.length} twin)</summary>
      <div className="mt-2 space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <label htmlFor={inputId} className="flex-1">
            <span className="mb-1 block font-medium">Add column (twin path)</span>
            <input
              id={inputId}
              list={listId}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="tags.site or properties.reported.firmware.version"
              className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900"
            />
            <datalist id={listId}>
              {suggestions.filter((s) => !columns.includes(s)).map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </label>
          <Button type="submit" variant="secondary">
            Add column
          </Button>
        </form>
        {error ? <p role="alert" className="text-red-600">{error}</p> : null}
        <ul className="flex flex-wrap gap-1.5">
          {columns.map((c) => (
            <li key={c} className="flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 font-mono dark:bg-slate-800">
              {c}
              <button type="button" aria-label={`Remove column ${c}`} onClick={() => onChange(columns.filter((x) => x !== c))} className="px-1 text-slate-500 hover:text-red-600 focus-visible:outline-2 focus-visible:outline-sky-500">
                ×
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
