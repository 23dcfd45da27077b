import type { ReactNode } from "react";

/**
 * The small data tables of the device and operations pages: a caption for screen readers, one
 * header row of column names, and the caller's rows (`<tr className={COMPACT_ROW}>…`).
 */
export function CompactTable({ caption, columns, testId, className = "", children }: { caption: string; columns: string[]; testId?: string; className?: string; children: ReactNode }) {
  return (
    <table className={`w-full text-left text-sm ${className}`.trim()} data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-slate-500 dark:text-slate-400">
        <tr>
          {columns.map((column) => (
            <th key={column} className="py-1 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The row rule every compact table uses. */
export const COMPACT_ROW = "border-t border-slate-100 dark:border-slate-800";
