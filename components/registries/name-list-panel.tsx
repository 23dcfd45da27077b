"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { cachedLabel } from "./registries-api";

type Props = {
  title: string;
  names: string[] | undefined;
  selected: string | null;
  onSelect: (name: string) => void;
  cachedAt: string | null | undefined;
  isLoading: boolean;
  error: Error | null;
  onRefresh?: () => void;
  isRefreshing?: boolean;
  filter?: { value: string; onChange: (value: string) => void };
  empty: string;
};

/**
 * A titled list of names (repositories or tags) with an optional filter and a refresh button. Each
 * name is a button; arrow keys move between them, Home/End jump to the ends.
 */
export function NameListPanel({ title, names, selected, onSelect, cachedAt, isLoading, error, onRefresh, isRefreshing, filter, empty }: Props) {
  const headingId = useId();
  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined || buttons.length === 0) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  };
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col rounded-lg border border-slate-200 dark:border-slate-800">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <div>
          <h3 id={headingId} className="text-sm font-semibold">
            {title}
          </h3>
          <p className="text-xs text-slate-500">{cachedAt === undefined ? "" : cachedLabel(cachedAt)}</p>
        </div>
        {onRefresh ? (
          <Button variant="secondary" className="text-xs" onClick={onRefresh} disabled={isRefreshing} aria-label={`Refresh ${title.toLowerCase()}`}>
            {isRefreshing ? "Refreshing…" : "Refresh"}
          </Button>
        ) : null}
      </header>
      {filter ? (
        <label className="block px-3 pt-2 text-xs">
          <span className="sr-only">Filter {title.toLowerCase()}</span>
          <input
            type="search"
            placeholder={`Filter ${title.toLowerCase()}`}
            value={filter.value}
            onChange={(e) => filter.onChange(e.target.value)}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
      ) : null}
      <div className="max-h-96 min-h-24 overflow-y-auto p-2" aria-busy={isLoading || undefined}>
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error.message}
          </p>
        ) : isLoading ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : !names || names.length === 0 ? (
          <p className="text-sm text-slate-500">{empty}</p>
        ) : (
          <ul aria-labelledby={headingId} onKeyDown={onKeyDown} className="space-y-0.5">
            {names.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  aria-current={name === selected ? "true" : undefined}
                  onClick={() => onSelect(name)}
                  className={`w-full truncate rounded px-2 py-1 text-left font-mono text-sm focus-visible:outline-2 focus-visible:outline-sky-500 ${
                    name === selected ? "bg-sky-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"
                  }`}
                >
                  {name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
