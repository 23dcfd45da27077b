"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useToast } from "@/components/ui/toast";
import type { RegistrySource } from "@/lib/schemas/registries";
import { ImageDetailsPanel } from "./image-details-panel";
import { NameListPanel } from "./name-list-panel";
import { fetchRepositories, fetchTags, registryKeys } from "./registries-api";

/** Repositories ⇒ tags ⇒ details of one source. Lists come from the server's cache; Refresh re-reads the registry. */
export function RegistryBrowser({ source }: { source: RegistrySource }) {
  const toast = useToast();
  const client = useQueryClient();
  const [repository, setRepository] = useState<string | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const isCatalog = source.builtIn;

  const repos = useQuery({ queryKey: registryKeys.repositories(source.id), queryFn: () => fetchRepositories(source.id) });
  const refreshRepos = useMutation({
    mutationFn: () => fetchRepositories(source.id, true),
    onSuccess: (data) => client.setQueryData(registryKeys.repositories(source.id), data),
    onError: (e: Error) => toast("error", e.message),
  });
  const tags = useQuery({
    queryKey: registryKeys.tags(source.id, repository ?? ""),
    queryFn: () => fetchTags(source.id, repository!),
    enabled: repository !== null,
  });
  const refreshTags = useMutation({
    mutationFn: () => fetchTags(source.id, repository!, true),
    onSuccess: (data) => client.setQueryData(registryKeys.tags(source.id, repository!), data),
    onError: (e: Error) => toast("error", e.message),
  });

  const needle = filter.trim().toLowerCase();
  const names = repos.data?.items.map((i) => i.name).filter((n) => !needle || n.toLowerCase().includes(needle));
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <NameListPanel
          title="Repositories"
          names={names}
          selected={repository}
          onSelect={(name) => {
            setRepository(name);
            setTag(null);
          }}
          cachedAt={repos.data?.cachedAt}
          isLoading={repos.isLoading}
          error={repos.error}
          onRefresh={isCatalog ? undefined : () => refreshRepos.mutate()}
          isRefreshing={refreshRepos.isPending}
          filter={{ value: filter, onChange: setFilter }}
          empty={needle ? "No repository matches the filter" : "This registry has no repositories"}
        />
        <NameListPanel
          title={repository ? `Tags of ${repository}` : "Tags"}
          names={repository ? tags.data?.items.map((i) => i.name) : []}
          selected={tag}
          onSelect={setTag}
          cachedAt={repository ? tags.data?.cachedAt : undefined}
          isLoading={repository !== null && tags.isLoading}
          error={tags.error}
          onRefresh={isCatalog || !repository ? undefined : () => refreshTags.mutate()}
          isRefreshing={refreshTags.isPending}
          empty={repository ? "No tags" : "Choose a repository"}
        />
      </div>
      {repository && tag ? <ImageDetailsPanel registryId={source.id} repository={repository} reference={tag} /> : null}
    </div>
  );
}
