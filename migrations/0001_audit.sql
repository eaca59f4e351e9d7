CREATE TABLE "access_log" (
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "access_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"request_id" text NOT NULL,
	"sub" text NOT NULL,
	"agency" "agency" NOT NULL,
	"org" text,
	"operation_name" text,
	"document_hash" text NOT NULL,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outcome" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"personal_record_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "access_log_seq_key" ON "access_log" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "access_log_id_key" ON "access_log" USING btree ("id");--> statement-breakpoint
CREATE INDEX "access_log_at_idx" ON "access_log" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "access_log_agency_at_idx" ON "access_log" USING btree ("agency","at");--> statement-breakpoint
CREATE INDEX "access_log_sub_at_idx" ON "access_log" USING btree ("sub","at");