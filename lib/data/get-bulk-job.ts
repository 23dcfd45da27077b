import { sql } from "drizzle-orm";
import { getStore, rowsOf } from "./store";
import { parseDbTime } from "./timestamps";

export type BulkJob = {
  id: string;
  kind: string;
  actor: string;
  status: "running" | "completed" | "failed";
  total: number;
  processed: number;
  changed: number;
  rejected: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

type JobRow = Record<string, unknown> & { id: string; kind: string; actor: string; status: BulkJob["status"]; error: string | null };

export async function getBulkJob(id: string): Promise<BulkJob | null> {
  const { db } = await getStore();
  const [row] = await rowsOf<JobRow>(db, sql`select * from bulk_jobs where id = ${id}`);
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    status: row.status,
    total: Number(row.total),
    processed: Number(row.processed),
    changed: Number(row.changed),
    rejected: Number(row.rejected),
    error: row.error,
    createdAt: parseDbTime(row.created_at as string)?.toISOString() ?? "",
    updatedAt: parseDbTime(row.updated_at as string)?.toISOString() ?? "",
  };
}
