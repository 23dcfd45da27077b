"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";

type TwinRow = { deviceId: string; status: string; connectionState: string; capabilities?: { iotEdge: boolean }; tags: Record<string, unknown> };

async function queryPage(continuation: string | null) {
  const response = await fetch("/api/devices/query", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-ms-max-item-count": "100", ...(continuation ? { "x-ms-continuation": continuation } : {}) },
    body: JSON.stringify({ query: "SELECT * FROM devices" }),
  });
  if (!response.ok) throw new Error((await response.json()).error?.message ?? `HTTP ${response.status}`);
  return { items: (await response.json()) as TwinRow[], next: response.headers.get("x-ms-continuation") };
}

/** A plain keyset-paged list until the full fleet browser arrives. */
export function DeviceList() {
  const query = useInfiniteQuery({
    queryKey: ["devices", "list"],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => queryPage(pageParam),
    getNextPageParam: (last) => last.next,
  });
  if (query.isPending) return <div className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-label="Loading" />;
  if (query.isError) return <p role="alert" className="text-red-600">{query.error.message}</p>;
  const rows = query.data.pages.flatMap((p) => p.items);
  return (
    <div className="space-y-3">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">Device</th>
            <th>Edge</th>
            <th>Status</th>
            <th>Connection</th>
            <th>Site</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.deviceId} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-1.5">
                <Link className="text-sky-700 underline dark:text-sky-400" href={`/devices/${encodeURIComponent(d.deviceId)}`}>
                  {d.deviceId}
                </Link>
              </td>
              <td>{d.capabilities?.iotEdge ? "yes" : "no"}</td>
              <td>{d.status}</td>
              <td>{d.connectionState}</td>
              <td>{String(d.tags.site ?? "—")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {query.hasNextPage ? (
        <Button variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
