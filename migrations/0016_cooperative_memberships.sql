CREATE TABLE "cooperative_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cooperative_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" "agency" NOT NULL,
	CONSTRAINT "cooperative_memberships_dates" CHECK ("cooperative_memberships"."left_on" is null or "cooperative_memberships"."left_on" > "cooperative_memberships"."joined_on")
);
--> statement-breakpoint
ALTER TABLE "cooperative_memberships" ADD CONSTRAINT "cooperative_memberships_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_memberships" ADD CONSTRAINT "cooperative_memberships_resident_id_border_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."border_residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cooperative_memberships_cooperative_idx" ON "cooperative_memberships" USING btree ("cooperative_id","joined_on");--> statement-breakpoint
CREATE INDEX "cooperative_memberships_resident_idx" ON "cooperative_memberships" USING btree ("resident_id","joined_on");