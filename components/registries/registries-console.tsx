"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { RegistryBrowser } from "./registry-browser";
import { RegistrySourceForm } from "./registry-source-form";
import { RegistrySourceList } from "./registry-source-list";
import { fetchSources, registryKeys } from "./registries-api";

/**
 * The /registries page: sources on the left (admins add, test and remove them; everyone else reads),
 * the chosen source's repositories, tags and image details on the right.
 */
export function RegistriesConsole({ canManage }: { canManage: boolean }) {
  const sources = useQuery({ queryKey: registryKeys.sources, queryFn: fetchSources });
  const [selectedId, setSelectedId] = useState("catalog");
  const selected = sources.data?.find((s) => s.id === selectedId) ?? sources.data?.[0];
  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
      <aside className="space-y-4" aria-label="Sources">
        {sources.error ? (
          <p role="alert" className="text-sm text-red-700">
            {sources.error.message}
          </p>
        ) : !sources.data ? (
          <div className="h-24 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading" />
        ) : (
          <RegistrySourceList sources={sources.data} selectedId={selected?.id ?? "catalog"} onSelect={setSelectedId} canManage={canManage} />
        )}
        {canManage ? (
          <RegistrySourceForm onAdded={(s) => setSelectedId(s.id)} />
        ) : (
          <p className="text-xs text-slate-500">Only admins can add or remove registry sources.</p>
        )}
      </aside>
      <div className="min-w-0">
        {selected ? (
          <>
            <h2 className="mb-3 text-lg font-semibold">{selected.name}</h2>
            {/* A new key per source resets the chosen repository and tag. */}
            <RegistryBrowser key={selected.id} source={selected} />
          </>
        ) : null}
      </div>
    </div>
  );
}
