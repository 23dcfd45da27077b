"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { RegistrySource, RegistryTestResult } from "@/lib/schemas/registries";
import { registryKeys, removeSource, testSource } from "./registries-api";

type Props = {
  sources: RegistrySource[];
  selectedId: string;
  onSelect: (id: string) => void;
  canManage: boolean;
};

/** The sources, the built-in catalog first; admins test and remove them here. */
export function RegistrySourceList({ sources, selectedId, onSelect, canManage }: Props) {
  const toast = useToast();
  const client = useQueryClient();
  const [results, setResults] = useState<Record<string, RegistryTestResult>>({});
  const test = useMutation({
    mutationFn: (id: string) => testSource(id),
    onSuccess: (result, id) => {
      setResults((r) => ({ ...r, [id]: result }));
      toast(result.ok ? "success" : "error", result.message);
      void client.invalidateQueries({ queryKey: registryKeys.sources });
    },
    onError: (e: Error) => toast("error", e.message),
  });
  const remove = useMutation({
    mutationFn: (source: RegistrySource) => removeSource(source.id),
    onSuccess: (_r, source) => {
      toast("success", `Removed ${source.name}`);
      if (source.id === selectedId) onSelect("catalog");
      void client.invalidateQueries({ queryKey: registryKeys.sources });
    },
    onError: (e: Error) => toast("error", e.message),
  });
  return (
    <ul className="space-y-2" aria-label="Registry sources">
      {sources.map((source) => {
        const selected = source.id === selectedId;
        const result = results[source.id];
        const problem = result ? (result.ok ? null : result.message) : source.lastError;
        return (
          <li key={source.id} className={`rounded-lg border p-3 ${selected ? "border-sky-500 bg-sky-50 dark:bg-sky-950" : "border-slate-200 dark:border-slate-800"}`}>
            <button
              type="button"
              aria-current={selected ? "true" : undefined}
              onClick={() => onSelect(source.id)}
              className="w-full text-left focus-visible:outline-2 focus-visible:outline-sky-500"
            >
              <span className="block font-medium">{source.name}</span>
              <span className="block truncate text-xs text-slate-500">
                {source.builtIn ? "Runtime and sample images, always available" : source.url}
                {source.username ? ` · ${source.username}${source.hasPassword ? " (password stored)" : ""}` : source.builtIn ? "" : " · anonymous"}
              </span>
            </button>
            {problem ? (
              <p className="mt-1 text-xs text-red-700 dark:text-red-400" role="status">
                Last check failed: {problem}
              </p>
            ) : source.lastCheckedAt ? (
              <p className="mt-1 text-xs text-emerald-700 dark:text-emerald-400">Reachable ({source.authScheme ?? "anonymous"})</p>
            ) : null}
            {canManage && !source.builtIn ? (
              <div className="mt-2 flex gap-2">
                <Button variant="secondary" className="text-xs" disabled={test.isPending} onClick={() => test.mutate(source.id)} aria-label={`Test ${source.name}`}>
                  {test.isPending && test.variables === source.id ? "Testing…" : "Test"}
                </Button>
                <Button
                  variant="danger"
                  className="text-xs"
                  disabled={remove.isPending}
                  aria-label={`Remove ${source.name}`}
                  onClick={() => {
                    if (window.confirm(`Remove the registry source ${source.name} and its cached images?`)) remove.mutate(source);
                  }}
                >
                  Remove
                </Button>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
