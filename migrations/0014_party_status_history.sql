CREATE TABLE "party_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid,
	"cooperative_id" uuid,
	"status" text NOT NULL,
	"from_at" timestamp (3) with time zone NOT NULL,
	"to_at" timestamp (3) with time zone,
	"cause" text NOT NULL,
	CONSTRAINT "party_status_history_one_subject" CHECK (("party_status_history"."enterprise_id" is null) <> ("party_status_history"."cooperative_id" is null))
);
--> statement-breakpoint
ALTER TABLE "party_status_history" ADD CONSTRAINT "party_status_history_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_status_history" ADD CONSTRAINT "party_status_history_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_status_history_enterprise_idx" ON "party_status_history" USING btree ("enterprise_id","from_at");--> statement-breakpoint
CREATE INDEX "party_status_history_cooperative_idx" ON "party_status_history" USING btree ("cooperative_id","from_at");--> statement-breakpoint
CREATE INDEX "party_status_history_status_idx" ON "party_status_history" USING btree ("status","from_at");