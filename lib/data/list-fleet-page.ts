import { compileFleetPage, type FleetPageRequest, type FleetRow } from "@/lib/domain/fleet/page";
import { getStore } from "./store";

export type FleetPage = { items: FleetRow[]; cursor: string | null };

/** One keyset page of the fleet table (filter, sort, twin columns); see lib/domain/fleet/page.ts. */
export async function listFleetPage(request: FleetPageRequest): Promise<FleetPage> {
  const compiled = compileFleetPage(request);
  const store = await getStore();
  const rows = await store.query(compiled.text, compiled.params);
  return compiled.finish(rows);
}
