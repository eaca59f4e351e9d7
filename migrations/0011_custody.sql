CREATE TABLE "discrepancy_resolutions" (
	"discrepancy_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"resolved_by" "agency" NOT NULL,
	"resolved_by_sub" text,
	"resolved_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_bookings" (
	"ledger_entry_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kg" numeric(16, 3) NOT NULL,
	CONSTRAINT "ledger_bookings_ledger_entry_id_declaration_id_pk" PRIMARY KEY("ledger_entry_id","declaration_id"),
	CONSTRAINT "ledger_bookings_kg_positive" CHECK ("ledger_bookings"."kg" > 0)
);
--> statement-breakpoint
ALTER TABLE "factory_entries" ADD COLUMN "received_kg" numeric(16, 3);--> statement-breakpoint
ALTER TABLE "ledger_bookings" ADD CONSTRAINT "ledger_bookings_ledger_entry_id_ledger_entries_id_fk" FOREIGN KEY ("ledger_entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_bookings" ADD CONSTRAINT "ledger_bookings_declaration_id_customs_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."customs_declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discrepancy_resolutions_kind_idx" ON "discrepancy_resolutions" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "ledger_bookings_declaration_idx" ON "ledger_bookings" USING btree ("declaration_id");