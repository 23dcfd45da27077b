"use client";

import { JsonCodeEditor } from "@/components/json-editor";
import { Button } from "@/components/ui/button";
import type { ModuleDraft } from "./composer-draft";
import { CreateOptionsEditor } from "./create-options-editor";
import { cardClass, inputClass } from "./deployment-format";
import type { ManifestProblem } from "./deployment-types";
import { ProblemList } from "./draft-lint";

const MODULE_NAME = /^[a-zA-Z0-9_-]+$/;
const ENV_NAME = /^[^+#$\s.]+$/;

function nameProblem(name: string, others: string[]): string | null {
  if (!name) return "A module needs a name";
  if (!MODULE_NAME.test(name)) return "Letters, digits, - and _ only";
  if (others.some((o) => o.toLowerCase() === name.toLowerCase())) return "Another module has this name (names are case-insensitive on the device)";
  return null;
}

function desiredProblem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? null : "Must be a JSON object";
  } catch (e) {
    return (e as Error).message;
  }
}

function Select<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: readonly T[]; onChange: (v: T) => void }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} className={inputClass}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o || "default"}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Everything of one module: name, image, run settings, env, create options, twin desired properties. */
export function ModuleEditor(props: { module: ModuleDraft; otherNames: string[]; problems: ManifestProblem[]; onChange: (m: ModuleDraft) => void; onRemove: () => void }) {
  const { module: m, otherNames, onChange, onRemove } = props;
  const set = (patch: Partial<ModuleDraft>) => onChange({ ...m, ...patch });
  const problem = nameProblem(m.name, otherNames);
  const desiredError = desiredProblem(m.desired);
  return (
    <section aria-label={`Module ${m.name}`} className={`${cardClass} space-y-4`}>
      <ProblemList problems={props.problems} />
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Module name</span>
          <input value={m.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={Boolean(problem)} className={inputClass} />
          {problem ? <span className="mt-1 block text-xs text-red-600" role="alert">{problem}</span> : null}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Image</span>
          <input value={m.image} onChange={(e) => set({ image: e.target.value })} className={`${inputClass} font-mono`} />
          {m.digest ? <span className="mt-1 block truncate text-xs text-slate-500">Resolved digest {m.digest}</span> : null}
        </label>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Version</span>
          <input value={m.version} onChange={(e) => set({ version: e.target.value })} className={inputClass} />
        </label>
        <Select label="Desired status" value={m.status} options={["running", "stopped"] as const} onChange={(status) => set({ status })} />
        <Select label="Restart policy" value={m.restartPolicy} options={["always", "on-failure", "on-unhealthy", "never"] as const} onChange={(restartPolicy) => set({ restartPolicy })} />
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Startup order</span>
          <input value={m.startupOrder} onChange={(e) => set({ startupOrder: e.target.value.replace(/\D/g, "") })} inputMode="numeric" placeholder="last" className={inputClass} />
        </label>
        <Select label="Image pull policy" value={m.imagePullPolicy} options={["", "on-create", "never"] as const} onChange={(imagePullPolicy) => set({ imagePullPolicy })} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Environment variables</legend>
        {m.env.map((e, i) => {
          const bad = e.name && !ENV_NAME.test(e.name);
          return (
            <div key={i} className="flex gap-2">
              <input aria-label={`Variable ${i + 1} name`} value={e.name} aria-invalid={Boolean(bad)} onChange={(ev) => set({ env: m.env.map((x, j) => (j === i ? { ...x, name: ev.target.value } : x)) })} placeholder="NAME" className={`${inputClass} max-w-56 font-mono`} />
              <input aria-label={`Variable ${i + 1} value`} value={e.value} onChange={(ev) => set({ env: m.env.map((x, j) => (j === i ? { ...x, value: ev.target.value } : x)) })} placeholder="value" className={inputClass} />
              <Button variant="secondary" aria-label={`Remove variable ${i + 1}`} onClick={() => set({ env: m.env.filter((_, j) => j !== i) })}>
                ×
              </Button>
            </div>
          );
        })}
        {m.env.some((e) => e.name && !ENV_NAME.test(e.name)) ? (
          <p role="alert" className="text-xs text-red-600">
            Variable names cannot contain spaces, +, #, $ or dots.
          </p>
        ) : null}
        <Button variant="secondary" onClick={() => set({ env: [...m.env, { name: "", value: "" }] })}>
          Add variable
        </Button>
      </fieldset>
      <CreateOptionsEditor value={m.createOptions} onChange={(createOptions) => set({ createOptions })} moduleName={m.name} />
      <div>
        <h3 className="mb-1 text-sm font-medium">Module twin desired properties</h3>
        <p className="mb-2 text-xs text-slate-500">Replaces the module twin&apos;s desired section on every device (empty: the module twin is left alone).</p>
        <JsonCodeEditor path={`composer/modules/${m.name || "unnamed"}/desired.json`} value={m.desired} onChange={(desired) => set({ desired })} ariaLabel={`Desired properties of ${m.name}`} height="12rem" />
        {desiredError ? <p role="alert" className="mt-1 text-xs text-red-600">{desiredError}</p> : null}
      </div>
      <Button variant="danger" onClick={onRemove}>
        Remove module
      </Button>
    </section>
  );
}
