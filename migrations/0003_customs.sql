CREATE TYPE "public"."commodity_list" AS ENUM('PILOT', 'NEGATIVE');--> statement-breakpoint
CREATE TABLE "commodity_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"list" "commodity_list" NOT NULL,
	"hs_prefix" text NOT NULL,
	"category" text,
	"name" text NOT NULL,
	"version" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date
);
--> statement-breakpoint
CREATE UNIQUE INDEX "commodity_list_entries_key" ON "commodity_list_entries" USING btree ("list","hs_prefix","version");--> statement-breakpoint
CREATE INDEX "commodity_list_entries_list_idx" ON "commodity_list_entries" USING btree ("list","effective_from");--> statement-breakpoint
CREATE INDEX "customs_declarations_status_day_idx" ON "customs_declarations" USING btree ("status","declared_on");--> statement-breakpoint
CREATE INDEX "factory_entries_arrived_idx" ON "factory_entries" USING btree ("arrived_at");--> statement-breakpoint
CREATE INDEX "factory_entries_seal_idx" ON "factory_entries" USING btree ("seal_intact","arrived_at");