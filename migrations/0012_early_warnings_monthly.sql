DROP INDEX "early_warnings_year_key";--> statement-breakpoint
ALTER TABLE "early_warnings" ADD COLUMN "month" integer GENERATED ALWAYS AS ((extract(month from as_of))::integer) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "early_warnings" ADD COLUMN "issued_to" text DEFAULT '阿拉山口市人民政府' NOT NULL;--> statement-breakpoint
ALTER TABLE "early_warnings" ADD COLUMN "issued_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "early_warnings" ADD COLUMN "acknowledged_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "early_warnings_year_month_key" ON "early_warnings" USING btree ("year","month");--> statement-breakpoint
UPDATE "early_warnings" SET "issued_at" = "raised_at";