"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { ImageDetails } from "@/lib/schemas/registries";
import { cachedLabel, fetchImage, registryKeys } from "./registries-api";

/** One tag's details: the reference to paste into a deployment, digest, platforms and config. */
export function ImageDetailsPanel({ registryId, repository, reference }: { registryId: string; repository: string; reference: string }) {
  const toast = useToast();
  const client = useQueryClient();
  const key = registryKeys.image(registryId, repository, reference);
  const details = useQuery({ queryKey: key, queryFn: () => fetchImage(registryId, repository, reference) });
  const refresh = useMutation({
    mutationFn: () => fetchImage(registryId, repository, reference, true),
    onSuccess: (data) => client.setQueryData(key, data),
    onError: (e: Error) => toast("error", e.message),
  });
  const image = details.data;
  return (
    <section aria-labelledby="image-details-heading" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <header className="mb-3 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id="image-details-heading" className="text-sm font-semibold">
            Image details
          </h3>
          <p className="text-xs text-slate-500">{image ? cachedLabel(image.cachedAt) : ""}</p>
        </div>
        {registryId !== "catalog" ? (
          <Button variant="secondary" className="text-xs" onClick={() => refresh.mutate()} disabled={refresh.isPending} aria-label="Refresh image details">
            {refresh.isPending ? "Refreshing…" : "Refresh"}
          </Button>
        ) : null}
      </header>
      {details.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {details.error.message}
        </p>
      ) : !image ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <ImageFacts image={image} />
      )}
    </section>
  );
}

function ImageFacts({ image }: { image: ImageDetails }) {
  const labels = Object.entries(image.config?.labels ?? {});
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="font-medium text-slate-600 dark:text-slate-400">Image</dt>
      <dd className="break-all font-mono">{image.imageRef}</dd>
      {image.description ? (
        <>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Description</dt>
          <dd>{image.description}</dd>
        </>
      ) : null}
      <dt className="font-medium text-slate-600 dark:text-slate-400">Digest</dt>
      <dd className="break-all font-mono text-xs" data-testid="image-digest">
        {image.digest ?? "not known (built-in catalog)"}
      </dd>
      {image.mediaType ? (
        <>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Media type</dt>
          <dd className="break-all font-mono text-xs">{image.mediaType}</dd>
        </>
      ) : null}
      <dt className="font-medium text-slate-600 dark:text-slate-400">Platforms</dt>
      <dd>
        {image.platforms.length === 0 ? (
          "—"
        ) : (
          <ul aria-label="Platforms" className="space-y-0.5">
            {image.platforms.map((p) => (
              <li key={`${p.os}/${p.architecture}/${p.variant ?? ""}/${p.digest ?? ""}`} className="font-mono text-xs">
                {[p.os, p.architecture, p.variant].filter(Boolean).join("/")}
                {p.digest && p.digest !== image.digest ? <span className="ml-2 text-slate-500">{p.digest.slice(0, 19)}…</span> : null}
              </li>
            ))}
          </ul>
        )}
      </dd>
      {image.config ? (
        <>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Created</dt>
          <dd>{image.config.created ? new Date(image.config.created).toLocaleString() : "—"}</dd>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Exposed ports</dt>
          <dd className="font-mono text-xs">{image.config.exposedPorts.join(", ") || "—"}</dd>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Environment</dt>
          <dd>
            {image.config.env.length ? (
              <ul aria-label="Environment" className="font-mono text-xs">
                {image.config.env.map((e) => (
                  <li key={e} className="break-all">
                    {e}
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </dd>
          <dt className="font-medium text-slate-600 dark:text-slate-400">Labels</dt>
          <dd>
            {labels.length ? (
              <ul aria-label="Labels" className="font-mono text-xs">
                {labels.map(([k, v]) => (
                  <li key={k} className="break-all">
                    {k}={v}
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
