"use client";

import { useState } from "react";
import { LiveMessageView } from "@/components/messages/live-message-view";
import { TwinDesiredEditor } from "./twin-desired-editor";
import { TwinHistory } from "./twin-history";

const TABS = [
  { id: "twin", label: "Twin" },
  { id: "history", label: "History" },
  { id: "messages", label: "Messages" },
] as const;

/** Twin, History and Messages tabs of the module page (WAI-ARIA tabs: arrow keys move between them). */
export function ModuleTabs({ deviceId, moduleId }: { deviceId: string; moduleId: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("twin");
  const target = { deviceId, moduleId };
  return (
    <div>
      <div role="tablist" aria-label="Module views" className="mb-3 flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((t, index) => (
          <button
            key={t.id}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
              const next = TABS[(index + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
              setTab(next.id);
              document.getElementById(`tab-${next.id}`)?.focus();
            }}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 ${
              tab === t.id ? "border-sky-600 font-semibold text-sky-700 dark:text-sky-400" : "border-transparent text-slate-600 dark:text-slate-400"
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "twin" ? (
          <TwinDesiredEditor target={target} />
        ) : tab === "history" ? (
          <TwinHistory target={target} />
        ) : (
          <LiveMessageView deviceId={deviceId} moduleId={moduleId} />
        )}
      </div>
    </div>
  );
}
