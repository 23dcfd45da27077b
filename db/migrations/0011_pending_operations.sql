CREATE TABLE "method_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"module_id" text DEFAULT '' NOT NULL,
	"method_name" text NOT NULL,
	"requested_by" text NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_code" integer,
	"error_code" text,
	"delivered_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "desired_delivered_version" integer;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "desired_delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "modules" ADD COLUMN "desired_delivered_version" integer;--> statement-breakpoint
ALTER TABLE "modules" ADD COLUMN "desired_delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "method_calls" ADD CONSTRAINT "method_calls_device_id_devices_device_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("device_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "method_calls_device" ON "method_calls" USING btree ("device_id","queued_at");--> statement-breakpoint
CREATE INDEX "method_calls_open" ON "method_calls" USING btree ("device_id") WHERE status in ('pending', 'delivered');--> statement-breakpoint
CREATE INDEX "method_calls_queued_at" ON "method_calls" USING btree ("queued_at");