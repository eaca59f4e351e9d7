CREATE TYPE "public"."agency" AS ENUM('COMMERCE', 'PREFECTURE_COMMERCE', 'CUSTOMS', 'TAX', 'MARKET_REGULATION', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE', 'ANALYST', 'AUDITOR');--> statement-breakpoint
CREATE TYPE "public"."cooperative_kind" AS ENUM('MUTUAL_AID_GROUP', 'COOPERATIVE');--> statement-breakpoint
CREATE TYPE "public"."cooperative_status" AS ENUM('PENDING', 'FILED', 'WARNED', 'EXITED');--> statement-breakpoint
CREATE TYPE "public"."enterprise_status" AS ENUM('PENDING', 'FILED', 'WARNED', 'SUSPENDED', 'EXITED');--> statement-breakpoint
CREATE TYPE "public"."taxpayer_type" AS ENUM('GENERAL', 'SMALL_SCALE');--> statement-breakpoint
CREATE TABLE "border_residents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"township" text,
	"county" text NOT NULL,
	"cooperative_id" uuid,
	CONSTRAINT "border_residents_border_county" CHECK ("border_residents"."county" in ('652702', '652701', '652723', '659007'))
);
--> statement-breakpoint
CREATE TABLE "cooperatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"filing_no" text NOT NULL,
	"name" text NOT NULL,
	"kind" "cooperative_kind" NOT NULL,
	"village" text,
	"township" text NOT NULL,
	"postal_code" text,
	"phone" text,
	"head_name" text NOT NULL,
	"head_mobile" text,
	"total_capital_yuan" numeric(18, 2) DEFAULT '0' NOT NULL,
	"commodities" text[] DEFAULT '{}'::text[] NOT NULL,
	"license_no" text,
	"status" "cooperative_status" DEFAULT 'PENDING' NOT NULL,
	"filed_at" timestamp (3) with time zone,
	CONSTRAINT "cooperatives_capital_nonneg" CHECK ("cooperatives"."total_capital_yuan" >= 0)
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"filing_no" text NOT NULL,
	"name" text NOT NULL,
	"uscc" text NOT NULL,
	"legal_rep_name" text NOT NULL,
	"legal_rep_phone" text,
	"legal_rep_address" text,
	"import_scale_yuan" numeric(18, 2) DEFAULT '0' NOT NULL,
	"capacity_tonnes_per_year" numeric(14, 3) DEFAULT '0' NOT NULL,
	"processing_method" text,
	"raw_materials" text[] DEFAULT '{}'::text[] NOT NULL,
	"declared_value_add_rate" numeric(7, 4),
	"declared_loss_rate" numeric(7, 4),
	"county" text NOT NULL,
	"taxpayer_type" "taxpayer_type" NOT NULL,
	"in_bonded_zone" boolean DEFAULT false NOT NULL,
	"status" "enterprise_status" DEFAULT 'PENDING' NOT NULL,
	"filed_at" timestamp (3) with time zone,
	CONSTRAINT "enterprises_amounts_nonneg" CHECK ("enterprises"."import_scale_yuan" >= 0 and "enterprises"."capacity_tonnes_per_year" >= 0),
	CONSTRAINT "enterprises_rates_range" CHECK (coalesce("enterprises"."declared_value_add_rate", 0) >= 0 and coalesce("enterprises"."declared_loss_rate", 0) between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "filing_counters" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "filing_counters_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "supply_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"cooperative_id" uuid NOT NULL,
	"hs_codes" text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	CONSTRAINT "supply_contracts_valid_range" CHECK ("supply_contracts"."valid_to" >= "supply_contracts"."valid_from"),
	CONSTRAINT "supply_contracts_hs_codes" CHECK (cardinality("supply_contracts"."hs_codes") > 0)
);
--> statement-breakpoint
ALTER TABLE "border_residents" ADD CONSTRAINT "border_residents_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_contracts" ADD CONSTRAINT "supply_contracts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_contracts" ADD CONSTRAINT "supply_contracts_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "border_residents_id_number_key" ON "border_residents" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "border_residents_cooperative_idx" ON "border_residents" USING btree ("cooperative_id");--> statement-breakpoint
CREATE INDEX "border_residents_updated_idx" ON "border_residents" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cooperatives_filing_no_key" ON "cooperatives" USING btree ("filing_no");--> statement-breakpoint
CREATE INDEX "cooperatives_updated_idx" ON "cooperatives" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "cooperatives_status_idx" ON "cooperatives" USING btree ("status");--> statement-breakpoint
CREATE INDEX "cooperatives_township_idx" ON "cooperatives" USING btree ("township");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_uscc_key" ON "enterprises" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_filing_no_key" ON "enterprises" USING btree ("filing_no");--> statement-breakpoint
CREATE INDEX "enterprises_updated_idx" ON "enterprises" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "enterprises_status_idx" ON "enterprises" USING btree ("status");--> statement-breakpoint
CREATE INDEX "enterprises_county_idx" ON "enterprises" USING btree ("county");--> statement-breakpoint
CREATE INDEX "supply_contracts_enterprise_idx" ON "supply_contracts" USING btree ("enterprise_id","valid_from");--> statement-breakpoint
CREATE INDEX "supply_contracts_cooperative_idx" ON "supply_contracts" USING btree ("cooperative_id","valid_from");--> statement-breakpoint
CREATE INDEX "supply_contracts_updated_idx" ON "supply_contracts" USING btree ("updated_at","id");