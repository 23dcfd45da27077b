CREATE TABLE "messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"module_id" text DEFAULT '' NOT NULL,
	"output_name" text,
	"system_properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"body_encoding" text NOT NULL,
	"size" integer NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "messages_target" ON "messages" USING btree ("device_id","module_id","id");--> statement-breakpoint
CREATE INDEX "messages_enqueued_at" ON "messages" USING btree ("enqueued_at");