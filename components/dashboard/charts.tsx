import Link from "next/link";

/** Inline-SVG charts: no chart library, a few rectangles with text that says the same as the picture. */

export type Segment = { label: string; count: number; color: string; href: string };

/** One horizontal bar split by share; each segment is a link to the devices behind it. */
export function DistributionBar({ segments, label }: { segments: Segment[]; label: string }) {
  const total = segments.reduce((s, x) => s + x.count, 0);
  if (total === 0) return <div className="h-3 rounded bg-slate-200 dark:bg-slate-800" role="img" aria-label={`${label}: nothing to show`} />;
  let x = 0;
  return (
    <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="h-3 w-full overflow-hidden rounded" role="img" aria-label={`${label}: ${segments.map((s) => `${s.label} ${s.count}`).join(", ")}`}>
      {segments
        .filter((s) => s.count > 0)
        .map((s) => {
          const width = (s.count / total) * 100;
          const rect = (
            <a key={s.label} href={s.href} aria-hidden="true" tabIndex={-1}>
              <rect x={x} y={0} width={width} height={6} className={s.color}>
                <title>{`${s.label}: ${s.count}`}</title>
              </rect>
            </a>
          );
          x += width;
          return rect;
        })}
    </svg>
  );
}

/** Bars per hour, oldest left; counts written under the bars for screen readers and for exact reading. */
export function HourlyBars({ buckets, label }: { buckets: { hoursAgo: number; count: number }[]; label: string }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const w = 100 / buckets.length;
  return (
    <figure>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" className="h-28 w-full" role="img" aria-label={`${label}: ${buckets.map((b) => `${b.hoursAgo} h ago ${b.count}`).join(", ")}`}>
        <line x1="0" y1="39.5" x2="100" y2="39.5" className="stroke-slate-300 dark:stroke-slate-700" strokeWidth="0.3" />
        {buckets.map((b, i) => {
          const h = (b.count / max) * 36;
          return (
            <rect key={b.hoursAgo} x={i * w + w * 0.15} y={39.5 - h} width={w * 0.7} height={h} className={b.count ? "fill-red-500 dark:fill-red-400" : "fill-slate-300"}>
              <title>{`${b.hoursAgo === 0 ? "this hour" : `${b.hoursAgo} h ago`}: ${b.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex justify-between text-[11px] text-slate-500">
        <span>{buckets[0]?.hoursAgo ?? 0} h ago</span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}

/** A big number that is a link to the list behind it. */
export function StatLink({ href, value, label, testId }: { href: string; value: number; label: string; testId?: string }) {
  return (
    <Link href={href} className="group block rounded-md p-2 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-slate-800">
      <span className="block text-2xl font-semibold tabular-nums group-hover:underline" data-testid={testId}>
        {value.toLocaleString("en")}
      </span>
      <span className="text-xs text-slate-500 dark:text-slate-400">{label}</span>
    </Link>
  );
}
