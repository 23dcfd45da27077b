CREATE TABLE "twin_documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"doc" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "twin_revisions" ALTER COLUMN "patch" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "twin_revisions" ADD COLUMN "document_id" bigint;--> statement-breakpoint
-- Revisions as readers want them: a deployment's rows carry their document by reference, and after
-- a replace the patch and the snapshot are both that document. Queries that read neither column
-- lose the join (twin_documents.id is unique), so they cost what reading the table did.
CREATE VIEW "twin_revisions_resolved" AS
  SELECT r.id, r.device_id, r.module_id, r.section, r.version, r.operation,
    CASE WHEN r.document_id IS NULL THEN r.patch ELSE d.doc END AS patch,
    r.actor, r.at, r.twin_version,
    CASE WHEN r.document_id IS NULL THEN r.snapshot ELSE d.doc END AS snapshot
  FROM "twin_revisions" r LEFT JOIN "twin_documents" d ON d.id = r.document_id;
