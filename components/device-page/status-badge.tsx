import type { Tone } from "@/lib/domain/edge-health";

const TONES: Record<Tone | "neutral", string> = {
  ok: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  error: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  unknown: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  neutral: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
};

/** Colour is never the only signal: the text says the status. */
export function StatusBadge({ tone, children, title }: { tone: Tone | "neutral"; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function runtimeStatusTone(status: string | null | undefined): Tone {
  if (status === "running") return "ok";
  if (status === "stopped") return "unknown";
  if (status === "backoff" || status === "unhealthy") return "warn";
  if (status === "failed" || status === "dead") return "error";
  return "unknown";
}
