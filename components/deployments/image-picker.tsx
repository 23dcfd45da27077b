"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { queryKeys } from "@/components/live/query-keys";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { cardClass, inputClass } from "./deployment-format";
import type { ImageDetails, ImageSearchItem, NameList } from "./deployment-types";
import { normalizeArchitecture, useTargetPlatforms } from "./use-target-platforms";
import { useDebounced } from "@/components/ui/use-debounced";

export type PickedImage = { image: string; repository: string; digest: string | null };

/**
 * Finds an image across the catalog and the registries (GET /api/images), lists its tags, resolves
 * the chosen tag to a digest and platforms, and compares them with the platforms the target devices
 * report. An image not in any registry can be typed as a full reference.
 */
export function ImagePicker({ targetCondition, onPick, onCancel }: { targetCondition: string; onPick: (picked: PickedImage) => void; onCancel?: () => void }) {
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<ImageSearchItem | null>(null);
  const [tag, setTag] = useState("");
  const [pinDigest, setPinDigest] = useState(false);
  const [manual, setManual] = useState("");
  const query = useDebounced(q, 250);
  const search = useQuery({
    queryKey: queryKeys.registries("images", query),
    queryFn: () => api<{ items: ImageSearchItem[] }>(`/images?q=${encodeURIComponent(query)}`),
    staleTime: 60_000,
  });
  const tags = useQuery({
    queryKey: queryKeys.registries(chosen?.registryId, "tags", chosen?.repository),
    queryFn: () => api<NameList>(`/registries/${encodeURIComponent(chosen!.registryId)}/tags?repository=${encodeURIComponent(chosen!.repository)}`),
    enabled: Boolean(chosen),
    staleTime: 60_000,
  });
  const tagNames = [...new Set([...(chosen?.tags ?? []), ...(tags.data?.items.map((t) => t.name) ?? [])])];
  const details = useQuery({
    queryKey: queryKeys.registries(chosen?.registryId, "image", chosen?.repository, tag),
    queryFn: () =>
      api<ImageDetails>(`/registries/${encodeURIComponent(chosen!.registryId)}/image?repository=${encodeURIComponent(chosen!.repository)}&reference=${encodeURIComponent(tag)}`),
    enabled: Boolean(chosen && tag),
    staleTime: 60_000,
    retry: false,
  });
  const platforms = useTargetPlatforms(targetCondition);

  useEffect(() => {
    if (chosen && !tag && tagNames.length) setTag(tagNames.includes("latest") ? "latest" : tagNames[0]!);
  }, [chosen, tag, tagNames]);

  const imageRef = chosen ? `${chosen.imageRef}:${tag}` : "";
  const digest = details.data?.digest ?? null;
  const mismatched = (platforms.data ?? []).filter(
    (p) => details.data && details.data.platforms.length > 0 && !details.data.platforms.some((ip) => ip.os === p.os && normalizeArchitecture(ip.architecture) === p.architecture),
  );

  return (
    <section aria-labelledby="image-picker-heading" className={`${cardClass} space-y-3`}>
      <h2 id="image-picker-heading" className="font-semibold">
        Add a module from an image
      </h2>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Search images</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. temperature, opc-publisher" className={inputClass} />
      </label>
      {search.isError ? <p role="alert" className="text-sm text-red-600">Image search failed: {search.error.message}</p> : null}
      <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto rounded border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label="Images found">
        {(search.data?.items ?? []).map((item) => (
          <li key={`${item.registryId}/${item.repository}`}>
            <button
              type="button"
              aria-pressed={chosen?.imageRef === item.imageRef}
              onClick={() => {
                setChosen(item);
                setTag("");
              }}
              className={`w-full px-2 py-1.5 text-left text-sm ${chosen?.imageRef === item.imageRef ? "bg-sky-100 dark:bg-sky-900/40" : "hover:bg-slate-50 dark:hover:bg-slate-800"}`}
            >
              <span className="font-mono">{item.imageRef}</span>
              <span className="ml-2 text-xs text-slate-500">{item.registryName}</span>
              {item.description ? <span className="block text-xs text-slate-500">{item.description}</span> : null}
            </button>
          </li>
        ))}
        {search.data && search.data.items.length === 0 ? <li className="px-2 py-1.5 text-sm text-slate-500">No images match.</li> : null}
      </ul>
      {chosen ? (
        <div className="space-y-2 rounded border border-slate-200 p-3 dark:border-slate-800" data-testid="image-choice">
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Tag</span>
            <select value={tag} onChange={(e) => setTag(e.target.value)} className={inputClass} aria-label="Tag">
              {tagNames.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          {details.isPending && tag ? <p className="text-xs text-slate-500">Resolving {imageRef}…</p> : null}
          {details.isError ? <p className="text-xs text-amber-700 dark:text-amber-400">Could not resolve the tag ({details.error.message}); the module can still use it.</p> : null}
          {details.data ? (
            <div className="text-xs text-slate-600 dark:text-slate-400">
              <p>
                Digest{" "}
                {details.data.digest ? <code data-testid="image-digest">{details.data.digest}</code> : <span>not known{chosen.registryId === "catalog" ? " (built-in catalog: names, tags and platforms only)" : ""}</span>}
              </p>
              <p>Platforms: {details.data.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`).join(", ") || "single-platform image"}</p>
            </div>
          ) : null}
          {platforms.data && platforms.data.length > 0 && details.data ? (
            mismatched.length ? (
              <p role="alert" className="text-xs text-red-600 dark:text-red-400">
                No manifest for {mismatched.map((p) => `${p.os}/${p.architecture}`).join(", ")}, reported by target devices.
              </p>
            ) : (
              <p className="text-xs text-emerald-700 dark:text-emerald-400">Matches the target devices&apos; platforms ({platforms.data.map((p) => `${p.os}/${p.architecture}`).join(", ")}).</p>
            )
          ) : null}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={pinDigest} onChange={(e) => setPinDigest(e.target.checked)} disabled={!digest} /> Pin to this digest
          </label>
          <Button
            onClick={() => onPick({ image: pinDigest && digest ? `${chosen.imageRef}@${digest}` : imageRef, repository: chosen.repository, digest })}
            disabled={!tag}
          >
            Add {imageRef || "image"}
          </Button>
        </div>
      ) : null}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (manual.trim()) onPick({ image: manual.trim(), repository: manual.trim().replace(/[@:][^/]*$/, ""), digest: null });
        }}
      >
        <label className="block flex-1 text-sm">
          <span className="mb-1 block font-medium">Or an image reference</span>
          <input value={manual} onChange={(e) => setManual(e.target.value)} placeholder="registry.example.com/team/module:1.0" className={`${inputClass} font-mono`} />
        </label>
        <Button type="submit" variant="secondary" disabled={!manual.trim()}>
          Add by reference
        </Button>
      </form>
      {onCancel ? (
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
    </section>
  );
}
