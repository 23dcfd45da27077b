"use client";

import { describePresence } from "@/lib/domain/edge-health";

const timeText = (d: Date) => d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });

/**
 * "Connected since … (3 min)" / "Offline since … (15 min)" / "Never connected". For an edge device
 * the state is its `$edgeAgent` connection (its own identity never connects over MQTT).
 */
export function PresenceLabel(props: { state: string; since: string | null | undefined; source?: "device" | "$edgeAgent"; now: Date; compact?: boolean }) {
  const p = describePresence(props.state, props.since, props.now, timeText, props.source);
  return (
    <span title={p.title} data-testid="presence" data-online={p.isOnline} className={p.isOnline ? "text-emerald-700 dark:text-emerald-400" : "text-slate-600 dark:text-slate-300"}>
      {p.text}
      {props.source === "$edgeAgent" && !props.compact ? <span className="ml-1 text-[11px] text-slate-500">(via $edgeAgent)</span> : null}
    </span>
  );
}
