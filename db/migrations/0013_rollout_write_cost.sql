ALTER TABLE "deployment_assignments" DROP CONSTRAINT "deployment_assignments_deployment_id_deployments_id_fk";
--> statement-breakpoint
ALTER TABLE "deployment_assignments" DROP CONSTRAINT "deployment_assignments_device_id_devices_device_id_fk";
--> statement-breakpoint
DROP INDEX "modules_module_id";
--> statement-breakpoint
DROP INDEX "modules_agent_configured";--> statement-breakpoint
-- Assignments of deleted devices go with them (the foreign key's ON DELETE CASCADE, without the row
-- lock it took on every assignment written). Those of a deleted deployment stay until the next
-- reconciler pass (which the delete triggers) removes them and clears the statuses they set.
CREATE FUNCTION "forget_device_assignments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "deployment_assignments" a USING "gone" g WHERE a."device_id" = g."device_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "devices_forget_assignments" AFTER DELETE ON "devices" REFERENCING OLD TABLE AS "gone"
  FOR EACH STATEMENT EXECUTE FUNCTION "forget_device_assignments"();
--> statement-breakpoint
-- Twin documents and revisions compress with lz4 where the server has it: a deployment's $metadata
-- passes the 2 kB TOAST threshold, and pglz compressing it took about a fifth of PostgreSQL's CPU
-- in a profile of the 100,000-device rollout bench. A server built without lz4 (PGlite) keeps pglz.
DO $$
BEGIN
  ALTER TABLE "modules" ALTER COLUMN "desired" SET COMPRESSION lz4, ALTER COLUMN "desired_metadata" SET COMPRESSION lz4,
    ALTER COLUMN "reported" SET COMPRESSION lz4, ALTER COLUMN "reported_metadata" SET COMPRESSION lz4;
  ALTER TABLE "devices" ALTER COLUMN "desired" SET COMPRESSION lz4, ALTER COLUMN "desired_metadata" SET COMPRESSION lz4,
    ALTER COLUMN "reported" SET COMPRESSION lz4, ALTER COLUMN "reported_metadata" SET COMPRESSION lz4;
  ALTER TABLE "twin_revisions" ALTER COLUMN "patch" SET COMPRESSION lz4, ALTER COLUMN "snapshot" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
