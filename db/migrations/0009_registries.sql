CREATE TABLE "registries" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"host" text NOT NULL,
	"username" text,
	"sealed_password" text,
	"auth_scheme" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"last_checked_at" timestamp with time zone,
	"last_error" text,
	"repositories_cached_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "registry_images" (
	"registry_id" text NOT NULL,
	"repository" text NOT NULL,
	"tags" jsonb,
	"tags_cached_at" timestamp with time zone,
	"cached_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_images_registry_id_repository_pk" PRIMARY KEY("registry_id","repository")
);
--> statement-breakpoint
CREATE TABLE "registry_manifests" (
	"registry_id" text NOT NULL,
	"repository" text NOT NULL,
	"reference" text NOT NULL,
	"details" jsonb NOT NULL,
	"cached_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_manifests_registry_id_repository_reference_pk" PRIMARY KEY("registry_id","repository","reference")
);
--> statement-breakpoint
ALTER TABLE "registry_images" ADD CONSTRAINT "registry_images_registry_id_registries_id_fk" FOREIGN KEY ("registry_id") REFERENCES "public"."registries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_manifests" ADD CONSTRAINT "registry_manifests_registry_id_registries_id_fk" FOREIGN KEY ("registry_id") REFERENCES "public"."registries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registries_name" ON "registries" USING btree ("name");--> statement-breakpoint
CREATE INDEX "registry_images_repository" ON "registry_images" USING btree ("repository");