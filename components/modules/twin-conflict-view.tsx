"use client";

import { JsonCodeEditor, JsonDiffView } from "@/components/json-editor";
import { Button } from "@/components/ui/button";
import type { JsonObject } from "@/lib/domain/twins/json";
import { prettyJson } from "./twin-types";

type Props = {
  base: JsonObject;
  current: JsonObject;
  draft: JsonObject;
  baseVersion: number;
  currentVersion: number;
  onRebase(): void;
  onDiscard(): void;
};

/**
 * The three versions behind a refused save (412): the one the draft started from, the one stored
 * now, and the draft; plus what the other writer changed, as a diff. Rebasing replays the draft's
 * own changes onto the current version (lib/domain/twins/rebase-draft.ts); nothing is saved until
 * the operator reviews and saves again.
 */
export function TwinConflictView({ base, current, draft, baseVersion, currentVersion, onRebase, onDiscard }: Props) {
  const pane = (id: string, title: string, value: JsonObject) => (
    <div className="min-w-0">
      <h4 className="mb-1 text-sm font-semibold">{title}</h4>
      <JsonCodeEditor path={`conflict/${id}.json`} value={prettyJson(value)} readOnly ariaLabel={`${title} (JSON, read-only)`} height="18rem" />
    </div>
  );
  return (
    <section aria-label="Conflicting changes" className="space-y-3 rounded-md border border-amber-300 p-3 dark:border-amber-700">
      <div>
        <h3 className="font-semibold">Someone else changed this twin</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Your draft started from twin version {baseVersion}; it is at version {currentVersion} now, so your save was refused and nothing
          was overwritten.
        </p>
      </div>
      <div className="grid gap-3 lg:grid-cols-3">
        {pane("draft", "Your draft", draft)}
        {pane("current", `Current twin (version ${currentVersion})`, current)}
        {pane("base", `You started from (version ${baseVersion})`, base)}
      </div>
      <div>
        <h4 className="mb-1 text-sm font-semibold">What changed meanwhile (version {baseVersion} → {currentVersion})</h4>
        <JsonDiffView id="conflict-theirs" original={prettyJson(base)} modified={prettyJson(current)} ariaLabel="Changes made by the other writer" height="14rem" />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={onRebase}>Rebase my draft onto current</Button>
        <Button variant="secondary" onClick={onDiscard}>
          Discard my draft
        </Button>
      </div>
    </section>
  );
}
