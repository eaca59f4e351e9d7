CREATE TYPE "public"."agency" AS ENUM('COMMERCE', 'PREFECTURE_COMMERCE', 'CUSTOMS', 'TAX', 'MARKET_REGULATION', 'OPERATOR', 'ENTERPRISE', 'COOPERATIVE', 'ANALYST', 'AUDITOR');--> statement-breakpoint
CREATE TYPE "public"."declaration_purpose" AS ENUM('LANDING_PROCESSING', 'MARKET_SALE');--> statement-breakpoint
CREATE TYPE "public"."declaration_status" AS ENUM('DECLARED', 'RELEASED', 'INSPECTING', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING');--> statement-breakpoint
CREATE TYPE "public"."calendar_day_kind" AS ENUM('HOLIDAY', 'MAKEUP_WORKDAY');--> statement-breakpoint
CREATE TYPE "public"."ledger_kind" AS ENUM('RAW_IN', 'RAW_CONSUMED', 'PRODUCT_OUTPUT', 'PRODUCT_SOLD', 'RAW_SOLD', 'LOSS');--> statement-breakpoint
CREATE TYPE "public"."cooperative_kind" AS ENUM('MUTUAL_AID_GROUP', 'COOPERATIVE');--> statement-breakpoint
CREATE TYPE "public"."cooperative_status" AS ENUM('PENDING', 'FILED', 'WARNED', 'EXITED');--> statement-breakpoint
CREATE TYPE "public"."enterprise_status" AS ENUM('PENDING', 'FILED', 'WARNED', 'SUSPENDED', 'EXITED');--> statement-breakpoint
CREATE TYPE "public"."taxpayer_type" AS ENUM('GENERAL', 'SMALL_SCALE');--> statement-breakpoint
CREATE TABLE "customs_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"declaration_no" text NOT NULL,
	"declared_at" timestamp (3) with time zone NOT NULL,
	"declared_on" date NOT NULL,
	"trade_point" text DEFAULT 'ALASHANKOU' NOT NULL,
	"declarant_id" uuid NOT NULL,
	"agent_id_number" text,
	"entrustment_proof_no" text,
	"cooperative_id" uuid,
	"purpose" "declaration_purpose" NOT NULL,
	"destination_enterprise_id" uuid,
	"value_yuan" numeric(18, 2) NOT NULL,
	"quantity_kg" numeric(16, 3) NOT NULL,
	"delegated_declaration" boolean DEFAULT false NOT NULL,
	"direct_transport" boolean DEFAULT false NOT NULL,
	"inspection_waived" boolean DEFAULT false NOT NULL,
	"status" "declaration_status" DEFAULT 'DECLARED' NOT NULL,
	"released_at" timestamp (3) with time zone,
	"inspection_note" text,
	"content_hash" text NOT NULL,
	CONSTRAINT "customs_declarations_amounts_nonneg" CHECK ("customs_declarations"."value_yuan" >= 0 and "customs_declarations"."quantity_kg" >= 0),
	CONSTRAINT "customs_declarations_landing_has_destination" CHECK ("customs_declarations"."purpose" <> 'LANDING_PROCESSING' or "customs_declarations"."destination_enterprise_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "declaration_lines" (
	"declaration_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"hs_code" text NOT NULL,
	"commodity_name" text NOT NULL,
	"quantity_kg" numeric(16, 3) NOT NULL,
	"value_yuan" numeric(18, 2) NOT NULL,
	CONSTRAINT "declaration_lines_declaration_id_line_no_pk" PRIMARY KEY("declaration_id","line_no"),
	CONSTRAINT "declaration_lines_amounts_nonneg" CHECK ("declaration_lines"."value_yuan" >= 0 and "declaration_lines"."quantity_kg" >= 0),
	CONSTRAINT "declaration_lines_line_no" CHECK ("declaration_lines"."line_no" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "factory_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"external_ref" text,
	"commodity_name" text NOT NULL,
	"vehicle_plate" text,
	"arrived_at" timestamp (3) with time zone NOT NULL,
	"unsealed_by" text,
	"seal_no" text,
	"unsealed_at" timestamp (3) with time zone,
	"seal_intact" boolean NOT NULL,
	"warehouse_keeper" text,
	"remarks" text,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "factory_entry_declarations" (
	"factory_entry_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	CONSTRAINT "factory_entry_declarations_factory_entry_id_declaration_id_pk" PRIMARY KEY("factory_entry_id","declaration_id")
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"hs_code" text,
	"product_name" text,
	"quantity_kg" numeric(16, 3) NOT NULL,
	"amount_yuan" numeric(18, 2) NOT NULL,
	"external_ref" text NOT NULL,
	"invoice_no" text,
	"declaration_nos" text[] DEFAULT '{}'::text[] NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "ledger_entries_amounts_nonneg" CHECK ("ledger_entries"."quantity_kg" >= 0 and "ledger_entries"."amount_yuan" >= 0),
	CONSTRAINT "ledger_entries_item" CHECK ("ledger_entries"."hs_code" is not null or "ledger_entries"."product_name" is not null)
);
--> statement-breakpoint
CREATE TABLE "monthly_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"period" text NOT NULL,
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
	CONSTRAINT "monthly_reports_period_format" CHECK ("monthly_reports"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "monthly_reports_nonneg" CHECK (least("monthly_reports"."raw_purchased_kg", "monthly_reports"."raw_purchased_yuan", "monthly_reports"."raw_consumed_kg", "monthly_reports"."raw_consumed_yuan", "monthly_reports"."product_output_kg", "monthly_reports"."product_output_yuan", "monthly_reports"."sales_kg", "monthly_reports"."sales_yuan", "monthly_reports"."inventory_kg", "monthly_reports"."loss_kg") >= 0)
);
--> statement-breakpoint
CREATE TABLE "quarterly_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid,
	"cooperative_id" uuid,
	"quarter" text NOT NULL,
	"purchased_kg" numeric(16, 3) DEFAULT '0' NOT NULL,
	"purchased_yuan" numeric(18, 2) DEFAULT '0' NOT NULL,
	"sold_kg" numeric(16, 3) DEFAULT '0' NOT NULL,
	"sold_yuan" numeric(18, 2) DEFAULT '0' NOT NULL,
	"dividend_yuan" numeric(18, 2),
	"remarks" text,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"revised_at" timestamp (3) with time zone,
	CONSTRAINT "quarterly_reports_one_subject" CHECK (("quarterly_reports"."enterprise_id" is null) <> ("quarterly_reports"."cooperative_id" is null)),
	CONSTRAINT "quarterly_reports_quarter_format" CHECK ("quarterly_reports"."quarter" ~ '^[0-9]{4}-Q[1-4]$')
);
--> statement-breakpoint
CREATE TABLE "annual_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"year" integer NOT NULL,
	"import_scale_yuan" numeric(18, 2) NOT NULL,
	"landing_processing_scale_yuan" numeric(18, 2) NOT NULL,
	"warning_ratio" numeric(5, 4) DEFAULT '0.8' NOT NULL,
	"value_add_threshold" numeric(5, 4) DEFAULT '0.2' NOT NULL,
	CONSTRAINT "annual_plans_amounts_nonneg" CHECK ("annual_plans"."import_scale_yuan" >= 0 and "annual_plans"."landing_processing_scale_yuan" >= 0),
	CONSTRAINT "annual_plans_ratios" CHECK ("annual_plans"."warning_ratio" between 0 and 1 and "annual_plans"."value_add_threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "early_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"year" integer NOT NULL,
	"raised_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"as_of" date NOT NULL,
	"consumed_yuan" numeric(18, 2) NOT NULL,
	"consumption_ratio" numeric(9, 4) NOT NULL,
	"projected_annual_yuan" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "assessment_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"import_trade_target_yuan" numeric(18, 2) NOT NULL,
	"value_add_rate_target" numeric(7, 4) NOT NULL,
	CONSTRAINT "assessment_targets_nonneg" CHECK ("assessment_targets"."import_trade_target_yuan" >= 0 and "assessment_targets"."value_add_rate_target" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tax_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"period" text NOT NULL,
	"sales_invoiced_yuan" numeric(18, 2) NOT NULL,
	"output_vat_yuan" numeric(18, 2) NOT NULL,
	"input_vat_yuan" numeric(18, 2) NOT NULL,
	"agricultural_input_deduction_yuan" numeric(18, 2) NOT NULL,
	"vat_paid_yuan" numeric(18, 2) NOT NULL,
	"filed_at" timestamp (3) with time zone NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "tax_records_period_format" CHECK ("tax_records"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "tax_records_nonneg" CHECK (least("tax_records"."sales_invoiced_yuan", "tax_records"."output_vat_yuan", "tax_records"."input_vat_yuan", "tax_records"."agricultural_input_deduction_yuan", "tax_records"."vat_paid_yuan") >= 0)
);
--> statement-breakpoint
ALTER TABLE "customs_declarations" ADD CONSTRAINT "customs_declarations_declarant_id_border_residents_id_fk" FOREIGN KEY ("declarant_id") REFERENCES "public"."border_residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customs_declarations" ADD CONSTRAINT "customs_declarations_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customs_declarations" ADD CONSTRAINT "customs_declarations_destination_enterprise_id_enterprises_id_fk" FOREIGN KEY ("destination_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declaration_lines" ADD CONSTRAINT "declaration_lines_declaration_id_customs_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."customs_declarations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "factory_entries" ADD CONSTRAINT "factory_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "factory_entry_declarations" ADD CONSTRAINT "factory_entry_declarations_factory_entry_id_factory_entries_id_fk" FOREIGN KEY ("factory_entry_id") REFERENCES "public"."factory_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "factory_entry_declarations" ADD CONSTRAINT "factory_entry_declarations_declaration_id_customs_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."customs_declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD CONSTRAINT "monthly_reports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_reports" ADD CONSTRAINT "quarterly_reports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_reports" ADD CONSTRAINT "quarterly_reports_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "border_residents" ADD CONSTRAINT "border_residents_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_contracts" ADD CONSTRAINT "supply_contracts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_contracts" ADD CONSTRAINT "supply_contracts_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_targets" ADD CONSTRAINT "assessment_targets_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_records" ADD CONSTRAINT "tax_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customs_declarations_no_key" ON "customs_declarations" USING btree ("declaration_no");--> statement-breakpoint
CREATE INDEX "customs_declarations_declarant_day_idx" ON "customs_declarations" USING btree ("declarant_id","declared_on");--> statement-breakpoint
CREATE INDEX "customs_declarations_destination_day_idx" ON "customs_declarations" USING btree ("destination_enterprise_id","declared_on");--> statement-breakpoint
CREATE INDEX "customs_declarations_cooperative_day_idx" ON "customs_declarations" USING btree ("cooperative_id","declared_on");--> statement-breakpoint
CREATE INDEX "customs_declarations_purpose_day_idx" ON "customs_declarations" USING btree ("purpose","declared_on");--> statement-breakpoint
CREATE INDEX "customs_declarations_day_idx" ON "customs_declarations" USING btree ("declared_on");--> statement-breakpoint
CREATE INDEX "customs_declarations_updated_idx" ON "customs_declarations" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "declaration_lines_hs_code_idx" ON "declaration_lines" USING btree ("hs_code");--> statement-breakpoint
CREATE INDEX "factory_entries_enterprise_idx" ON "factory_entries" USING btree ("enterprise_id","arrived_at");--> statement-breakpoint
CREATE INDEX "factory_entries_updated_idx" ON "factory_entries" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "factory_entries_ref_key" ON "factory_entries" USING btree ("enterprise_id","external_ref");--> statement-breakpoint
CREATE INDEX "factory_entry_declarations_declaration_idx" ON "factory_entry_declarations" USING btree ("declaration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_ref_key" ON "ledger_entries" USING btree ("enterprise_id","external_ref");--> statement-breakpoint
CREATE INDEX "ledger_entries_enterprise_day_idx" ON "ledger_entries" USING btree ("enterprise_id","occurred_on","kind");--> statement-breakpoint
CREATE INDEX "ledger_entries_day_idx" ON "ledger_entries" USING btree ("occurred_on");--> statement-breakpoint
CREATE INDEX "ledger_entries_updated_idx" ON "ledger_entries" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_reports_enterprise_period_key" ON "monthly_reports" USING btree ("enterprise_id","period");--> statement-breakpoint
CREATE INDEX "monthly_reports_period_idx" ON "monthly_reports" USING btree ("period");--> statement-breakpoint
CREATE INDEX "monthly_reports_updated_idx" ON "monthly_reports" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "quarterly_reports_enterprise_key" ON "quarterly_reports" USING btree ("enterprise_id","quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "quarterly_reports_cooperative_key" ON "quarterly_reports" USING btree ("cooperative_id","quarter");--> statement-breakpoint
CREATE INDEX "quarterly_reports_updated_idx" ON "quarterly_reports" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "annual_plans_year_key" ON "annual_plans" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "early_warnings_year_key" ON "early_warnings" USING btree ("year");--> statement-breakpoint
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
CREATE INDEX "supply_contracts_updated_idx" ON "supply_contracts" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_targets_enterprise_year_key" ON "assessment_targets" USING btree ("enterprise_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_records_enterprise_period_key" ON "tax_records" USING btree ("enterprise_id","period");--> statement-breakpoint
CREATE INDEX "tax_records_period_idx" ON "tax_records" USING btree ("period");--> statement-breakpoint
CREATE INDEX "tax_records_updated_idx" ON "tax_records" USING btree ("updated_at","id");