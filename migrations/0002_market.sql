CREATE TYPE "public"."inspection_result" AS ENUM('PASS', 'RECTIFY', 'VIOLATION');--> statement-breakpoint
CREATE TYPE "public"."market_subject_type" AS ENUM('ENTERPRISE', 'COOPERATIVE', 'SHOP');--> statement-breakpoint
CREATE TYPE "public"."non_compliance_reason" AS ENUM('DUTY_NOT_FULFILLED', 'CHANNEL_TRADE', 'IRREGULAR_ACCOUNTING_OR_TAX', 'OBSTRUCTING_SUPERVISION', 'TARGETS_MISSED', 'POOR_CREDIT', 'DIVIDEND_NOT_ENSURED', 'REFUSED_RECTIFICATION', 'NO_BUSINESS_FOR_A_YEAR');--> statement-breakpoint
CREATE TYPE "public"."shop_status" AS ENUM('OPERATING', 'SUSPENDED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."supervision_measure" AS ENUM('WRITTEN_WARNING', 'SUSPENSION_AND_INTERVIEW', 'EXIT', 'SERIOUS_WARNING');--> statement-breakpoint
CREATE TABLE "dishonest_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"subject_type" "market_subject_type" NOT NULL,
	"subject_id" uuid NOT NULL,
	"listed_on" date NOT NULL,
	"reason" text NOT NULL,
	"supervision_action_id" uuid
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"subject_type" "market_subject_type" NOT NULL,
	"subject_id" uuid NOT NULL,
	"inspected_on" date NOT NULL,
	"agency" "agency" NOT NULL,
	"findings" text,
	"result" "inspection_result" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"name" text NOT NULL,
	"stall_no" text NOT NULL,
	"operator_name" text NOT NULL,
	"license_no" text,
	"status" "shop_status" DEFAULT 'OPERATING' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	"subject_type" "market_subject_type" NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" "non_compliance_reason" NOT NULL,
	"action" "supervision_measure" NOT NULL,
	"decided_on" date NOT NULL,
	"decided_by_sub" text NOT NULL,
	"decided_by_agency" "agency" NOT NULL,
	"status_after" text NOT NULL,
	CONSTRAINT "supervision_actions_subject_type" CHECK ("supervision_actions"."subject_type" in ('ENTERPRISE', 'COOPERATIVE'))
);
--> statement-breakpoint
ALTER TABLE "supply_contracts" ADD COLUMN "terminated_on" date;--> statement-breakpoint
ALTER TABLE "dishonest_list_entries" ADD CONSTRAINT "dishonest_list_entries_supervision_action_id_supervision_actions_id_fk" FOREIGN KEY ("supervision_action_id") REFERENCES "public"."supervision_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dishonest_list_entries_subject_key" ON "dishonest_list_entries" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "dishonest_list_entries_day_idx" ON "dishonest_list_entries" USING btree ("listed_on");--> statement-breakpoint
CREATE INDEX "dishonest_list_entries_updated_idx" ON "dishonest_list_entries" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "inspections_subject_idx" ON "inspections" USING btree ("subject_type","subject_id","inspected_on");--> statement-breakpoint
CREATE INDEX "inspections_day_idx" ON "inspections" USING btree ("inspected_on");--> statement-breakpoint
CREATE INDEX "inspections_updated_idx" ON "inspections" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "shops_stall_no_key" ON "shops" USING btree ("stall_no");--> statement-breakpoint
CREATE INDEX "shops_updated_idx" ON "shops" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "shops_status_idx" ON "shops" USING btree ("status");--> statement-breakpoint
CREATE INDEX "supervision_actions_subject_idx" ON "supervision_actions" USING btree ("subject_type","subject_id","decided_on");--> statement-breakpoint
CREATE INDEX "supervision_actions_day_idx" ON "supervision_actions" USING btree ("decided_on");--> statement-breakpoint
CREATE INDEX "supervision_actions_updated_idx" ON "supervision_actions" USING btree ("updated_at","id");