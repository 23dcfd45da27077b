CREATE TABLE "deployment_assignments" (
	"deployment_id" text NOT NULL,
	"device_id" text NOT NULL,
	"status" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployment_assignments_deployment_id_device_id_pk" PRIMARY KEY("deployment_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" text PRIMARY KEY NOT NULL,
	"created_seq" bigserial NOT NULL,
	"schema_version" text DEFAULT '1.0' NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"modules_content" jsonb NOT NULL,
	"layered" boolean NOT NULL,
	"target_condition" text NOT NULL,
	"priority" integer NOT NULL,
	"metric_queries" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metric_results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"system_metric_results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_time" timestamp with time zone NOT NULL,
	"last_updated_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployment_assignments" ADD CONSTRAINT "deployment_assignments_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_assignments" ADD CONSTRAINT "deployment_assignments_device_id_devices_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("device_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_assignments_device" ON "deployment_assignments" USING btree ("device_id");