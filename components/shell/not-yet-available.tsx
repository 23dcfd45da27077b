import Link from "next/link";

/** An honest page for a section the navigation names but this version does not have yet. */
export function NotYetAvailable({ title, what }: { title: string; what: string }) {
  return (
    <section className="max-w-2xl space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="text-slate-600 dark:text-slate-300">{what}</p>
      <p className="text-sm text-slate-500">
        Until then, edge devices are configured through their <code>$edgeAgent</code> and <code>$edgeHub</code> module twins: open a
        device from{" "}
        <Link href="/devices" className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-300">
          Devices
        </Link>{" "}
        and edit the module&apos;s desired properties.
      </p>
    </section>
  );
}
