ALTER TABLE "devices" ADD COLUMN "presence_state" text DEFAULT 'Disconnected' NOT NULL;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "presence_updated_time" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "devices_presence_state" ON "devices" USING btree ("presence_state","device_id");--> statement-breakpoint
-- Backfill (hand-written): an edge device's presence is its $edgeAgent module's connection, any other device's its own.
UPDATE "devices" d SET "presence_state" = CASE WHEN d."edge_enabled" THEN coalesce(a."connection_state", 'Disconnected') ELSE d."connection_state" END,
  "presence_updated_time" = CASE WHEN d."edge_enabled" THEN a."connection_state_updated_time" ELSE d."connection_state_updated_time" END
FROM "devices" s LEFT JOIN "modules" a ON a."device_id" = s."device_id" AND a."module_id" = '$edgeAgent'
WHERE s."device_id" = d."device_id";
