import { compileQuery } from "@/lib/domain/query";
import { toTwinDto, type TwinRow } from "./rows";
import { getStore } from "./store";

/** Largest page served, whatever the client asks (reference §4.2, §13). */
export const MAX_QUERY_PAGE = 1000;
export const DEFAULT_QUERY_PAGE = 100;

/**
 * POST /devices/query: compile the IoT Hub query to parameterised SQL, run it, and shape one page.
 * `continuation` is null on the last page so that the header can be left out (SDKs loop otherwise).
 */
export async function queryTwins(text: string, options: { pageSize?: number; continuation?: string | null }) {
  const pageSize = Math.min(Math.max(options.pageSize ?? DEFAULT_QUERY_PAGE, 1), MAX_QUERY_PAGE);
  const compiled = compileQuery(text, { pageSize, continuation: options.continuation ?? null });
  const store = await getStore();
  const rows = await store.query(compiled.text, compiled.params);
  const page = compiled.finish(rows, (row) => toTwinDto(row as TwinRow));
  return { itemType: compiled.itemType, items: page.items, continuation: page.continuation };
}
