import { diffJson, type JsonValue } from "@/lib/domain/twins";

/** Before/after of one audited change as a list of changed leaves (twin writes link their revision). */
export function AuditDiff({ before, after, revisionId }: { before: unknown; after: unknown; revisionId: number | null }) {
  const changes = diffJson((before ?? null) as JsonValue, (after ?? null) as JsonValue);
  return (
    <div className="space-y-2 text-xs">
      {revisionId ? <p className="text-slate-500">Twin revision #{revisionId}</p> : null}
      {changes.length === 0 ? <p className="text-slate-500">No recorded difference.</p> : null}
      <ul className="space-y-1 font-mono">
        {changes.map((c) => (
          <li key={c.path}>
            <span className="font-semibold">{c.path || "(whole)"}</span>:{" "}
            {c.before !== undefined ? <span className="bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300">{JSON.stringify(c.before)}</span> : null}
            {c.before !== undefined && c.after !== undefined ? " → " : null}
            {c.after !== undefined ? <span className="bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">{JSON.stringify(c.after)}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
