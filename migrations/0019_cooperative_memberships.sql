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
CREATE INDEX "cooperative_memberships_resident_idx" ON "cooperative_memberships" USING btree ("resident_id","joined_on");--> statement-breakpoint
-- Membership over time (SPEC §14). 1. One cooperative per resident per date, held by the database:
-- an exclusion constraint over (resident, [joined_on, left_on)) needs btree_gist for the uuid
-- equality (a trusted extension since PostgreSQL 13; PGlite loads it in src/db/client.ts).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- 2. Every resident tied to a cooperative by border_residents.cooperative_id becomes a member from the
-- earlier of the cooperative's creation and filing dates (Beijing), so no declaration accepted before
-- this migration falls outside its declarant's membership; open-ended, or ended on the exit date
-- (status history) when the cooperative has EXITED. left_on is the first day NOT a member.
INSERT INTO cooperative_memberships (cooperative_id, resident_id, joined_on, left_on, created_at, updated_at, source)
SELECT c.id, r.id, j.joined_on,
       CASE WHEN c.status = 'EXITED' THEN greatest(coalesce(x.exited_on, (c.updated_at AT TIME ZONE 'Asia/Shanghai')::date), j.joined_on + 1) END,
       r.updated_at, r.updated_at, c.source
  FROM border_residents r
  JOIN cooperatives c ON c.id = r.cooperative_id
  CROSS JOIN LATERAL (SELECT least((c.created_at AT TIME ZONE 'Asia/Shanghai')::date,
                                   coalesce((c.filed_at AT TIME ZONE 'Asia/Shanghai')::date, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date)) AS joined_on) j
  LEFT JOIN LATERAL (SELECT min((h.from_at AT TIME ZONE 'Asia/Shanghai')::date) AS exited_on
                       FROM party_status_history h WHERE h.cooperative_id = c.id AND h.status = 'EXITED') x ON true;
--> statement-breakpoint
ALTER TABLE cooperative_memberships ADD CONSTRAINT cooperative_memberships_one_at_a_time
  EXCLUDE USING gist (resident_id WITH =, daterange(joined_on, left_on, '[)') WITH &&);
--> statement-breakpoint
-- 3. The change feed (migration 0010): border_residents loses its owner column. A cooperative's feed
-- still sees its members through the registry's row scope (residentScope: current or past members),
-- and roster writes touch the resident's row, so every membership change is announced as an UPSERT.
DROP TRIGGER IF EXISTS feed_capture_write ON border_residents;
--> statement-breakpoint
DROP TRIGGER IF EXISTS feed_capture_update ON border_residents;
--> statement-breakpoint
CREATE TRIGGER feed_capture_write AFTER INSERT OR DELETE ON border_residents FOR EACH ROW EXECUTE FUNCTION feed_capture('BORDER_RESIDENT', '', '');
--> statement-breakpoint
CREATE TRIGGER feed_capture_update AFTER UPDATE ON border_residents FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION feed_capture('BORDER_RESIDENT', '', '');

--> statement-breakpoint
ALTER TABLE "border_residents" DROP CONSTRAINT "border_residents_cooperative_id_cooperatives_id_fk";
--> statement-breakpoint
DROP INDEX "border_residents_cooperative_idx";--> statement-breakpoint
ALTER TABLE "border_residents" DROP COLUMN "cooperative_id";