import { api } from "@/components/ui/api-client";
import type { FleetFilter } from "@/lib/domain/fleet/filter";
import type { FleetRow, FleetSort } from "@/lib/domain/fleet/page";

/** Typed calls to the fleet endpoints (docs/api.md "Fleet browser"). */
export type FleetPage = { items: FleetRow[]; cursor: string | null };
export type FleetSummary = { total: number; facetSample: number | null; facets: { key: string; devices: number; values: { value: string | number | boolean; count: number }[] }[] };
export type TagChange = { deviceId: string; before: Record<string, unknown>; after: Record<string, unknown> };
export type DryRun = { total: number; changed: number; unchanged: number; rejected: number; sample: TagChange[]; rejections: { deviceId: string; message: string }[] };
export type BulkJob = { id: string; status: "running" | "completed" | "failed"; total: number; processed: number; changed: number; rejected: number; error: string | null };
export type SavedView = { id: string; name: string; state: string };
export type DeleteImpact = { deviceId: string; edge: boolean; modules: { moduleId: string }[]; deployments: { tracked: boolean; items: { id: string }[] } };

export const fetchFleetPage = (body: { filter: FleetFilter; sort: FleetSort; columns: string[]; pageSize: number; cursor: string | null }) =>
  api<FleetPage>("/fleet/page", { method: "POST", body });
export const fetchFleetSummary = (filter: FleetFilter) => api<FleetSummary>("/fleet/summary", { method: "POST", body: { filter } });
export const dryRunTags = (filter: FleetFilter, tags: unknown) => api<DryRun>("/fleet/bulk-tags", { method: "POST", body: { filter, tags, dryRun: true } });
export const startTagJob = (filter: FleetFilter, tags: unknown) => api<BulkJob>("/fleet/bulk-tags", { method: "POST", body: { filter, tags, dryRun: false } });
export const fetchJob = (id: string) => api<BulkJob>(`/fleet/bulk-tags/${encodeURIComponent(id)}`);
export const fetchViews = () => api<SavedView[]>("/views");
export const saveView = (name: string, state: string) => api<SavedView>("/views", { method: "POST", body: { name, state } });
export const deleteView = (id: string) => api<void>(`/views/${encodeURIComponent(id)}`, { method: "DELETE" });
export const fetchDeleteImpact = (deviceId: string) => api<DeleteImpact>(`/devices/${encodeURIComponent(deviceId)}/delete-impact`);
export const createDevice = (deviceId: string, edge: boolean) =>
  api(`/devices/${encodeURIComponent(deviceId)}`, { method: "PUT", body: { deviceId, capabilities: { iotEdge: edge } } });
export const deleteDevice = (deviceId: string) => api<void>(`/devices/${encodeURIComponent(deviceId)}`, { method: "DELETE" });

/** "3 min ago": ages read faster than timestamps in a table. */
export function ageOf(iso: string | null, now = Date.now()): string {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}
