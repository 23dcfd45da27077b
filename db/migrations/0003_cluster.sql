CREATE TABLE "cluster_nodes" (
	"node_id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "socket_io_attachments" (
	"id" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"payload" "bytea",
	CONSTRAINT "socket_io_attachments_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "connected_node" text;--> statement-breakpoint
ALTER TABLE "modules" ADD COLUMN "connected_node" text;--> statement-breakpoint
CREATE INDEX "cluster_nodes_last_seen_idx" ON "cluster_nodes" USING btree ("last_seen");