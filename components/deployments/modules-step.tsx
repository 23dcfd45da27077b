"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { emptyModule, type ModuleDraft } from "./composer-draft";
import type { StepProps } from "./deployment-composer";
import { cardClass } from "./deployment-format";
import { lintDraft, modulePath, problemsAt } from "./draft-lint";
import { ImagePicker, type PickedImage } from "./image-picker";
import { ModuleEditor } from "./module-editor";
import { RuntimeSettingsForm } from "./runtime-settings-form";

/** A module name derived from the repository's last segment, made unique (the same image may run twice). */
function nameFor(repository: string, taken: string[]): string {
  const stem = (repository.split("/").pop() ?? "module").replace(/[^a-zA-Z0-9_-]/g, "-").slice(0, 64) || "module";
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(stem.toLowerCase())) return stem;
  for (let n = 2; ; n++) if (!lower.has(`${stem}-${n}`.toLowerCase())) return `${stem}-${n}`;
}

/** Step 1: modules picked from registries or the catalog, each edited in full; runtime settings. */
export function ModulesStep({ draft, onChange }: StepProps) {
  const [selected, setSelected] = useState(0);
  const [isPicking, setPicking] = useState(draft.modules.length === 0);
  const modules = draft.modules;
  const current = modules[Math.min(selected, modules.length - 1)];

  function add(picked: PickedImage) {
    const module: ModuleDraft = { ...emptyModule(nameFor(picked.repository, modules.map((m) => m.name)), picked.image), digest: picked.digest ?? "" };
    onChange({ ...draft, modules: [...modules, module] });
    setSelected(modules.length);
    setPicking(false);
  }
  function update(next: ModuleDraft) {
    onChange({ ...draft, modules: modules.map((m) => (m === current ? next : m)) });
  }
  function remove() {
    onChange({ ...draft, modules: modules.filter((m) => m !== current) });
    setSelected(0);
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <section aria-labelledby="modules-list-heading" className={`${cardClass} space-y-2`}>
          <h2 id="modules-list-heading" className="font-semibold">
            Modules ({modules.length})
          </h2>
          <ul className="space-y-1" aria-label="Modules in this deployment">
            {modules.map((m, i) => (
              <li key={i}>
                <button
                  type="button"
                  onClick={() => {
                    setSelected(i);
                    setPicking(false);
                  }}
                  aria-current={m === current && !isPicking ? "true" : undefined}
                  data-testid={`composer-module-${m.name}`}
                  className={`w-full rounded px-2 py-1 text-left text-sm ${m === current && !isPicking ? "bg-sky-100 dark:bg-sky-900/40" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
                >
                  <span className="font-medium">{m.name || "(unnamed)"}</span>
                  <span className="block truncate text-xs text-slate-500">{m.image}</span>
                </button>
              </li>
            ))}
          </ul>
          <Button variant="secondary" onClick={() => setPicking(true)} disabled={isPicking} className="w-full">
            Add module
          </Button>
        </section>
        <div className="min-w-0">
          {isPicking || !current ? (
            <ImagePicker targetCondition={draft.targetCondition} onPick={add} onCancel={modules.length ? () => setPicking(false) : undefined} />
          ) : (
            <ModuleEditor
              key={selected}
              module={current}
              otherNames={modules.filter((m) => m !== current).map((m) => m.name)}
              problems={problemsAt(lintDraft(draft), modulePath(current.name))}
              onChange={update}
              onRemove={remove}
            />
          )}
        </div>
      </div>
      {draft.layered ? (
        <p className={`${cardClass} text-sm text-slate-500`}>Layered deployment: runtime settings and system modules come from the device&apos;s base deployment.</p>
      ) : (
        <RuntimeSettingsForm draft={draft} onChange={onChange} />
      )}
    </div>
  );
}
