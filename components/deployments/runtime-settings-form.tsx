"use client";

import { Button } from "@/components/ui/button";
import type { RegistryCredential } from "./composer-draft";
import type { StepProps } from "./deployment-composer";
import { cardClass, inputClass } from "./deployment-format";

const FIELDS = ["name", "address", "username", "password"] as const;

/** Runtime and system-module settings of a base deployment, and the registry credentials edgeAgent pulls with. */
export function RuntimeSettingsForm({ draft, onChange }: StepProps) {
  const set = (patch: Partial<typeof draft>) => onChange({ ...draft, ...patch });
  const creds = draft.registryCredentials;
  const setCred = (i: number, patch: Partial<RegistryCredential>) => set({ registryCredentials: creds.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  return (
    <details className={cardClass}>
      <summary className="cursor-pointer font-semibold">Runtime settings and registry credentials</summary>
      <div className="mt-3 space-y-4">
        <div className="grid gap-3 md:grid-cols-2">
          <label className="block text-sm">
            <span className="mb-1 block font-medium">edgeAgent image</span>
            <input value={draft.agentImage} onChange={(e) => set({ agentImage: e.target.value })} className={`${inputClass} font-mono`} />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">edgeHub image</span>
            <input value={draft.hubImage} onChange={(e) => set({ hubImage: e.target.value })} className={`${inputClass} font-mono`} />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Minimum Docker version</span>
            <input value={draft.minDockerVersion} onChange={(e) => set({ minDockerVersion: e.target.value })} className={inputClass} />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Logging options (JSON string)</span>
            <input value={draft.loggingOptions} onChange={(e) => set({ loggingOptions: e.target.value })} className={`${inputClass} font-mono`} />
          </label>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Registry credentials</legend>
          <p className="text-xs text-slate-500">Needed for private images: the address must match the image&apos;s registry host.</p>
          {creds.map((c, i) => (
            <div key={i} className="grid gap-2 md:grid-cols-[repeat(4,1fr)_auto]">
              {FIELDS.map((f) => (
                <input
                  key={f}
                  aria-label={`Credential ${i + 1} ${f}`}
                  placeholder={f}
                  type={f === "password" ? "password" : "text"}
                  autoComplete="off"
                  value={c[f]}
                  onChange={(e) => setCred(i, { [f]: e.target.value })}
                  className={inputClass}
                />
              ))}
              <Button variant="secondary" aria-label={`Remove credential ${i + 1}`} onClick={() => set({ registryCredentials: creds.filter((_, j) => j !== i) })}>
                ×
              </Button>
            </div>
          ))}
          <Button variant="secondary" onClick={() => set({ registryCredentials: [...creds, { name: "", address: "", username: "", password: "" }] })}>
            Add credential
          </Button>
        </fieldset>
      </div>
    </details>
  );
}
