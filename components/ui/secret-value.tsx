"use client";

import { useState } from "react";

/** A secret masked until revealed, with a copy button. */
export function SecretValue({ label, value }: { label: string; value: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="mt-2 flex items-center gap-2 text-xs">
      <span className="text-slate-500">{label}</span>
      <code className="flex-1 truncate rounded bg-slate-100 px-2 py-1 dark:bg-slate-800">{shown ? value : "•".repeat(32)}</code>
      <button className="underline" onClick={() => setShown(!shown)}>
        {shown ? "Hide" : "Reveal"}
      </button>
      <button className="underline" onClick={() => navigator.clipboard?.writeText(value)}>
        Copy
      </button>
    </div>
  );
}
