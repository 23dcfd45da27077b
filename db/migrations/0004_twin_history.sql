ALTER TABLE "twin_revisions" ADD COLUMN "twin_version" bigint;--> statement-breakpoint
ALTER TABLE "twin_revisions" ADD COLUMN "snapshot" jsonb;--> statement-breakpoint
CREATE INDEX "twin_revisions_history" ON "twin_revisions" USING btree ("device_id","module_id","twin_version");