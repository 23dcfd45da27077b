import { z } from "zod";

/** Paging of GET …/revisions: newest first, `before` is the oldest twin version of the last page. */
export const revisionPageSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** A revision is named by the twin version its write produced. */
export const revisionVersionSchema = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, "version must be a positive integer")
  .transform(Number)
  .refine(Number.isSafeInteger, "version must be a positive integer");
