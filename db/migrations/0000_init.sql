CREATE TABLE "devices" (
	"device_id" text PRIMARY KEY NOT NULL,
	"generation_id" text NOT NULL,
	"identity_etag" text NOT NULL,
	"status" text DEFAULT 'enabled' NOT NULL,
	"status_reason" text,
	"status_updated_time" timestamp with time zone,
	"auth_type" text DEFAULT 'sas' NOT NULL,
	"primary_key" text,
	"secondary_key" text,
	"primary_thumbprint" text,
	"secondary_thumbprint" text,
	"model_id" text DEFAULT '' NOT NULL,
	"connection_state" text DEFAULT 'Disconnected' NOT NULL,
	"connection_state_updated_time" timestamp with time zone,
	"last_activity_time" timestamp with time zone,
	"c2d_message_count" integer DEFAULT 0 NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired_version" integer DEFAULT 1 NOT NULL,
	"reported" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reported_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reported_version" integer DEFAULT 1 NOT NULL,
	"twin_version" bigint DEFAULT 1 NOT NULL,
	"configurations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edge_enabled" boolean DEFAULT false NOT NULL,
	"device_scope" text,
	"parent_scopes" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "modules" (
	"device_id" text NOT NULL,
	"module_id" text NOT NULL,
	"managed_by" text,
	"generation_id" text NOT NULL,
	"identity_etag" text NOT NULL,
	"status" text DEFAULT 'enabled' NOT NULL,
	"status_reason" text,
	"status_updated_time" timestamp with time zone,
	"auth_type" text DEFAULT 'sas' NOT NULL,
	"primary_key" text,
	"secondary_key" text,
	"primary_thumbprint" text,
	"secondary_thumbprint" text,
	"model_id" text DEFAULT '' NOT NULL,
	"connection_state" text DEFAULT 'Disconnected' NOT NULL,
	"connection_state_updated_time" timestamp with time zone,
	"last_activity_time" timestamp with time zone,
	"c2d_message_count" integer DEFAULT 0 NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired_version" integer DEFAULT 1 NOT NULL,
	"reported" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reported_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reported_version" integer DEFAULT 1 NOT NULL,
	"twin_version" bigint DEFAULT 1 NOT NULL,
	"configurations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "modules_device_id_module_id_pk" PRIMARY KEY("device_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"device_id" text,
	"module_id" text,
	"version" bigint,
	"payload" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "twin_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"module_id" text DEFAULT '' NOT NULL,
	"section" text NOT NULL,
	"version" integer NOT NULL,
	"operation" text NOT NULL,
	"patch" jsonb NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_policies" (
	"key_name" text PRIMARY KEY NOT NULL,
	"primary_key" text NOT NULL,
	"secondary_key" text NOT NULL,
	"rights" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_device_id_devices_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("device_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "devices_tags_gin" ON "devices" USING gin ("tags" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "devices_reported_gin" ON "devices" USING gin ("reported" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "modules_module_id" ON "modules" USING btree ("module_id");--> statement-breakpoint
CREATE INDEX "modules_reported_gin" ON "modules" USING gin ("reported" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "changes_at" ON "changes" USING btree ("at");--> statement-breakpoint
CREATE INDEX "twin_revisions_target" ON "twin_revisions" USING btree ("device_id","module_id","section","version");