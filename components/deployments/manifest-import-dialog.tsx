"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "@/components/devices/dialog";
import { Button } from "@/components/ui/button";
import { readManifest } from "./deployment-domain";
import { stashImportedManifest } from "./manifest-stash";

/**
 * Reads a deployment.json as `az iot edge`, VS Code and the portal produce it (`{modulesContent}`,
 * `{content: {modulesContent}}` or a whole configuration) from a file or pasted text, and opens the
 * composer prefilled with it. Nothing is written until the composer's Create.
 */
export function ManifestImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  function submit() {
    // readManifest parses the text itself, so a syntax error comes back with its offset.
    const result = readManifest(text);
    if (!result.ok) {
      const { path, message, offset } = result.problem;
      setProblem(`${path ? `${path}: ` : ""}${message}${offset !== undefined && !message.includes(String(offset)) ? ` (at character ${offset})` : ""}`);
      return;
    }
    stashImportedManifest(result.modulesContent);
    onClose();
    router.push("/deployments/new?source=import");
  }

  return (
    <Dialog title="Import a deployment manifest" open={open} onClose={onClose}>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A deployment.json with <code>modulesContent</code> (with or without the <code>content</code> wrapper). It opens in the composer, where you name, target and review it before anything is created.
      </p>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Manifest file</span>
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Manifest file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) {
              setText(await file.text());
              setProblem(null);
            }
          }}
          className="text-sm"
        />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Or paste it</span>
        <textarea
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          rows={10}
          aria-label="Manifest JSON"
          className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
        />
      </label>
      {problem ? (
        <p role="alert" data-testid="import-problem" className="text-sm text-red-600 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={submit} disabled={!text.trim()}>
          Open in composer
        </Button>
      </div>
    </Dialog>
  );
}
