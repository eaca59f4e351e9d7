CREATE TABLE "annual_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"raw_purchased_kg" numeric(16, 3) NOT NULL,
	"raw_purchased_yuan" numeric(18, 2) NOT NULL,
	"raw_consumed_kg" numeric(16, 3) NOT NULL,
	"raw_consumed_yuan" numeric(18, 2) NOT NULL,
	"product_output_kg" numeric(16, 3) NOT NULL,
	"product_output_yuan" numeric(18, 2) NOT NULL,
	"sales_kg" numeric(16, 3) NOT NULL,
	"sales_yuan" numeric(18, 2) NOT NULL,
	"inventory_kg" numeric(16, 3) NOT NULL,
	"loss_kg" numeric(16, 3) NOT NULL,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"revised_at" timestamp (3) with time zone,
	CONSTRAINT "annual_reports_year" CHECK ("annual_reports"."year" between 2000 and 2100),
	CONSTRAINT "annual_reports_nonneg" CHECK (least("annual_reports"."raw_purchased_kg", "annual_reports"."raw_purchased_yuan", "annual_reports"."raw_consumed_kg", "annual_reports"."raw_consumed_yuan", "annual_reports"."product_output_kg", "annual_reports"."product_output_yuan", "annual_reports"."sales_kg", "annual_reports"."sales_yuan", "annual_reports"."inventory_kg", "annual_reports"."loss_kg") >= 0)
);
--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annual_reports_enterprise_year_key" ON "annual_reports" USING btree ("enterprise_id","year");--> statement-breakpoint
CREATE INDEX "annual_reports_updated_idx" ON "annual_reports" USING btree ("updated_at","id");