"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { api } from "@/components/ui/api-client";
import { useCan } from "./current-user";
import { NAV_ITEMS } from "./nav-items";
import { matchesAction, searchItems, type PaletteItem, type SearchResult } from "./palette-items";
import { useDebounced } from "@/components/ui/use-debounced";
import { useSignOut } from "./sign-out-button";
import { toggleTheme } from "./theme";

const OPEN_EVENT = "edgedeck:open-palette";
export const openCommandPalette = () => window.dispatchEvent(new Event(OPEN_EVENT));

/**
 * Ctrl/Cmd-K: jump to a device or module by id (prefix search) or run an action. A modal dialog with
 * an ARIA 1.2 combobox: focus stays in the input, arrows move the active option, Enter runs it,
 * Escape closes.
 */
export function CommandPalette() {
  const router = useRouter();
  const signOut = useSignOut();
  const canCreate = useCan("registry.write");
  const canDeploy = useCan("deployments.write");
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const term = useDebounced(query.trim(), 150);

  const search = useQuery({
    queryKey: ["search", term],
    queryFn: () => api<SearchResult>(`/search?q=${encodeURIComponent(term)}&limit=8`),
    enabled: open && term.length > 0,
    staleTime: 5_000,
  });

  const actions = useMemo<(PaletteItem & { keywords: string })[]>(
    () => [
      ...NAV_ITEMS.map((n) => ({ id: `go:${n.href}`, label: `Go to ${n.label}`, hint: "Page", kind: "action" as const, keywords: `open page navigate ${"keywords" in n ? n.keywords : ""}`, run: { kind: "navigate" as const, href: n.href } })),
      ...(canCreate ? [{ id: "create-device", label: "Create device", hint: "Action", kind: "action" as const, keywords: "new add register", run: { kind: "navigate" as const, href: "/devices?create=1" } }] : []),
      ...(canDeploy ? [{ id: "new-deployment", label: "New deployment", hint: "Action", kind: "action" as const, keywords: "create compose modules rollout", run: { kind: "navigate" as const, href: "/deployments/new" } }] : []),
      { id: "theme", label: "Toggle theme", hint: "Light / dark", kind: "action", keywords: "dark light mode appearance", run: { kind: "theme" } },
      { id: "sign-out", label: "Sign out", hint: "Action", kind: "action", keywords: "logout log out", run: { kind: "sign-out" } },
    ],
    [canCreate, canDeploy],
  );
  const items = useMemo(() => {
    const ids = term && search.data && !search.isPlaceholderData ? searchItems(search.data) : [];
    const matched = actions.filter((a) => matchesAction(a.label, a.keywords, query));
    return [...ids, ...matched];
  }, [actions, query, term, search.data, search.isPlaceholderData]);
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  const show = useCallback(() => {
    setQuery("");
    setActive(0);
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (dialog.current?.open) close();
        else show();
      }
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_EVENT, show);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_EVENT, show);
    };
  }, [show, close]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      input.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    close();
    if (item.run.kind === "navigate") router.push(item.run.href);
    else if (item.run.kind === "theme") toggleTheme();
    else void signOut();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((activeIndex + 1) % Math.max(1, items.length));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((activeIndex - 1 + items.length) % Math.max(1, items.length));
    } else if (e.key === "Home") {
      setActive(0);
    } else if (e.key === "End") {
      setActive(Math.max(0, items.length - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      run(items[activeIndex]);
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <dialog
      ref={dialog}
      aria-label="Command palette"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onClick={(e) => {
        if (e.target === dialog.current) close(); // a click on the backdrop
      }}
      className="mx-auto mt-[15vh] w-full max-w-xl rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="border-b border-slate-200 p-2 dark:border-slate-700">
        <input
          ref={input}
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length ? optionId(activeIndex) : undefined}
          aria-label="Search devices and modules by id, or type a command"
          placeholder="Device or module id, or a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="w-full rounded-md bg-transparent px-3 py-2 text-base outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        />
      </div>
      <ul id={listId} role="listbox" aria-label="Results" className="max-h-80 overflow-y-auto p-1">
        {items.map((item, i) => (
          <li
            key={item.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === activeIndex}
            onMouseMove={() => setActive(i)}
            onClick={() => run(item)}
            className={`flex cursor-pointer items-center justify-between gap-3 rounded px-3 py-2 text-sm ${
              i === activeIndex ? "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100" : ""
            }`}
          >
            <span className={item.kind === "action" ? "" : "font-mono"}>{item.label}</span>
            <span className="text-xs text-slate-500 dark:text-slate-400">{item.hint}</span>
          </li>
        ))}
      </ul>
      <p className="border-t border-slate-200 px-3 py-1.5 text-[11px] text-slate-500 dark:border-slate-700" aria-live="polite">
        {term && search.isFetching ? "Searching…" : search.isError ? `Search failed: ${search.error.message}` : items.length === 0 ? "Nothing matches." : "↑↓ to move · Enter to open · Esc to close"}
      </p>
    </dialog>
  );
}

/** The header's way in for mouse users, and a visible hint of the shortcut. */
export function CommandPaletteButton() {
  return (
    <button
      type="button"
      onClick={openCommandPalette}
      className="flex items-center gap-2 whitespace-nowrap rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:text-slate-400 dark:hover:bg-slate-800"
    >
      <span>Search</span>
      <kbd className="rounded border border-slate-300 px-1 text-[11px] dark:border-slate-600">Ctrl K</kbd>
    </button>
  );
}
