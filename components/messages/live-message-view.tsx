"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLiveMessages, type LiveMessage } from "@/components/live/live-provider";
import { api } from "@/components/ui/api-client";

const KEEP = 100;

/**
 * Recent telemetry of a device or module, newest first, with new messages arriving live over
 * Socket.IO (no polling). Pause keeps the list still while reading; messages keep being counted.
 */
export function LiveMessageView({ deviceId, moduleId = null }: { deviceId: string; moduleId?: string | null }) {
  const queryKey = ["messages", deviceId, moduleId];
  const client = useQueryClient();
  const query = new URLSearchParams({ limit: "50", ...(moduleId ? { moduleId } : {}) });
  const recent = useQuery({ queryKey, queryFn: () => api<LiveMessage[]>(`/devices/${encodeURIComponent(deviceId)}/messages?${query}`) });
  const [paused, setPaused] = useState(false);
  const [missed, setMissed] = useState(0);
  useLiveMessages(deviceId, moduleId, (message) => {
    if (paused) return setMissed((n) => n + 1);
    client.setQueryData<LiveMessage[]>(queryKey, (list = []) => (list.some((m) => m.id === message.id) ? list : [message, ...list].slice(0, KEEP)));
  });
  const resume = () => {
    setPaused(false);
    setMissed(0);
    void client.invalidateQueries({ queryKey });
  };

  return (
    <section aria-labelledby="messages-heading" className="rounded-lg border border-slate-200 dark:border-slate-800">
      <header className="flex items-center justify-between border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <h2 id="messages-heading" className="font-semibold">
          Messages <span className="text-xs font-normal text-slate-500">live</span>
        </h2>
        <button
          type="button"
          onClick={() => (paused ? resume() : setPaused(true))}
          className="rounded px-2 py-1 text-sm text-sky-700 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300 dark:hover:bg-slate-800"
        >
          {paused ? `Resume${missed ? ` (${missed} new)` : ""}` : "Pause"}
        </button>
      </header>
      {recent.isPending ? (
        <div className="m-3 h-24 animate-pulse rounded bg-slate-200 dark:bg-slate-800" aria-label="Loading messages" />
      ) : recent.isError ? (
        <p role="alert" className="p-3 text-sm text-red-600">{recent.error.message}</p>
      ) : recent.data.length === 0 ? (
        <p className="p-3 text-sm text-slate-500">No messages yet. Messages appear here as the device sends them.</p>
      ) : (
        <ol className="max-h-96 divide-y divide-slate-100 overflow-auto text-xs dark:divide-slate-800" data-testid="message-list">
          {recent.data.map((m) => (
            <li key={m.id} className="px-3 py-2">
              <div className="flex gap-3 text-slate-500">
                <time dateTime={m.enqueuedTimeUtc}>{new Date(m.enqueuedTimeUtc).toLocaleTimeString()}</time>
                {m.moduleId ? <span>{m.moduleId}</span> : null}
                {m.outputName ? <span>output {m.outputName}</span> : null}
                <span>{m.size} B</span>
              </div>
              <pre className="mt-1 whitespace-pre-wrap break-all font-mono">{m.bodyEncoding === "utf8" ? m.body : `base64: ${m.body}`}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
