CREATE TABLE "bulk_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"filter" jsonb NOT NULL,
	"patch" jsonb NOT NULL,
	"status" text NOT NULL,
	"total" bigint NOT NULL,
	"processed" bigint DEFAULT 0 NOT NULL,
	"changed" bigint DEFAULT 0 NOT NULL,
	"rejected" bigint DEFAULT 0 NOT NULL,
	"cursor" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_jobs_created" ON "bulk_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_user_name" ON "saved_views" USING btree ("user_id","name");
--> statement-breakpoint
-- Hand-written (drizzle-kit does not model these). Edge runtime health filters of the fleet table
-- (lib/domain/fleet/filter.ts repeats these predicates verbatim so the planner can use the partial
-- indexes): the few unhealthy edge agents are found without reading every $edgeAgent twin.
CREATE INDEX "modules_edge_agent_failing" ON "modules" USING btree ("device_id") WHERE module_id = '$edgeAgent' AND (jsonb_path_exists(reported, '$.modules.*.runtimeStatus ? (@ == "failed" || @ == "backoff" || @ == "unhealthy" || @ == "dead")') OR jsonb_path_exists(reported, '$.systemModules.*.runtimeStatus ? (@ == "failed" || @ == "backoff" || @ == "unhealthy" || @ == "dead")'));--> statement-breakpoint
CREATE INDEX "modules_edge_agent_code" ON "modules" USING btree ((reported #>> '{lastDesiredStatus,code}'), "device_id") WHERE module_id = '$edgeAgent';--> statement-breakpoint
CREATE INDEX "devices_connection_state" ON "devices" USING btree ("connection_state", "device_id");--> statement-breakpoint
CREATE INDEX "devices_status" ON "devices" USING btree ("status", "device_id");
--> statement-breakpoint
CREATE INDEX "devices_last_activity" ON "devices" USING btree ((coalesce(last_activity_time, '-infinity'::timestamptz)), "device_id");
