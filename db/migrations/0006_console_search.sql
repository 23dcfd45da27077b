CREATE INDEX "devices_id_prefix" ON "devices" USING btree ("device_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "modules_id_prefix" ON "modules" USING btree ("module_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "twin_revisions_agent_reported_at" ON "twin_revisions" USING btree ("at") WHERE module_id = '$edgeAgent' and section = 'reported';