CREATE TABLE "custody_entry_booked" (
	"factory_entry_id" uuid PRIMARY KEY NOT NULL,
	"booked_kg" numeric(20, 3) NOT NULL,
	"target_kg" numeric(20, 3) NOT NULL,
	"last_booked_on" date,
	"open" boolean GENERATED ALWAYS AS (booked_kg < 0.995 * target_kg) STORED
);
--> statement-breakpoint
CREATE INDEX "custody_entry_booked_open_idx" ON "custody_entry_booked" USING btree ("factory_entry_id") WHERE "custody_entry_booked"."open";--> statement-breakpoint
CREATE INDEX "custody_entry_booked_last_idx" ON "custody_entry_booked" USING btree ("last_booked_on");--> statement-breakpoint
CREATE INDEX "factory_entries_mismatch_idx" ON "factory_entries" USING btree ("arrived_at") WHERE "factory_entries"."received_kg" is not null and abs("factory_entries"."received_kg" - "factory_entries"."declared_kg") > 0.005 * "factory_entries"."declared_kg";
--> statement-breakpoint
-- The backfill reads every link (minutes at scale 20): no statement timeout for the rest of this
-- migration's transaction.
SET LOCAL statement_timeout = 0;
--> statement-breakpoint
-- A new entry starts from what its declarations already have booked. Their rows are locked first,
-- as a booking locks them (customs' lockDeclarationsForBooking): a booking in flight is either
-- committed and counted here, or waits and then adds its delta to this entry.
CREATE OR REPLACE FUNCTION custody_entries_linked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM customs_declarations WHERE id IN (SELECT declaration_id FROM custody_links_new) ORDER BY id FOR UPDATE;
  INSERT INTO custody_entry_booked AS t (factory_entry_id, booked_kg, target_kg, last_booked_on)
  SELECT l.factory_entry_id, coalesce(sum(b.booked_kg), 0), min(coalesce(e.received_kg, e.declared_kg, 0)), max(b.last_booked_on)
    FROM custody_links_new l JOIN factory_entries e ON e.id = l.factory_entry_id
    LEFT JOIN ledger_declaration_booked b ON b.declaration_id = l.declaration_id
   GROUP BY l.factory_entry_id ORDER BY l.factory_entry_id
  ON CONFLICT (factory_entry_id) DO UPDATE
  SET booked_kg = t.booked_kg + excluded.booked_kg, target_kg = excluded.target_kg,
      last_booked_on = greatest(t.last_booked_on, excluded.last_booked_on);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Links removed (an entry deleted): the entries concerned are counted again from what is left.
CREATE OR REPLACE FUNCTION custody_entries_unlinked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM custody_entry_booked WHERE factory_entry_id IN (SELECT factory_entry_id FROM custody_links_old);
  INSERT INTO custody_entry_booked (factory_entry_id, booked_kg, target_kg, last_booked_on)
  SELECT l.factory_entry_id, coalesce(sum(b.booked_kg), 0), min(coalesce(e.received_kg, e.declared_kg, 0)), max(b.last_booked_on)
    FROM factory_entry_declarations l JOIN factory_entries e ON e.id = l.factory_entry_id
    LEFT JOIN ledger_declaration_booked b ON b.declaration_id = l.declaration_id
   WHERE l.factory_entry_id IN (SELECT factory_entry_id FROM custody_links_old)
   GROUP BY l.factory_entry_id ORDER BY l.factory_entry_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A change of a declaration's booked kg (ledger_declaration_booked: inserted, updated, or deleted
-- and inserted again by its recount) adds its delta to every entry that carried the declaration.
CREATE OR REPLACE FUNCTION custody_bookings_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT declaration_id, booked_kg, last_booked_on FROM custody_booked_new'
    WHEN 'DELETE' THEN 'SELECT declaration_id, -booked_kg, NULL::date FROM custody_booked_old'
    ELSE 'SELECT declaration_id, booked_kg, last_booked_on FROM custody_booked_new UNION ALL SELECT declaration_id, -booked_kg, NULL::date FROM custody_booked_old' END;
BEGIN
  -- The entries' rows in key order first: two bookings that share entries never lock them in
  -- opposite orders (a deadlock), whatever order the UPDATE's join visits them in.
  EXECUTE format($q$
    SELECT 1 FROM custody_entry_booked WHERE factory_entry_id IN (
      SELECT l.factory_entry_id FROM (%s) d(declaration_id, kg, last_booked_on)
        JOIN factory_entry_declarations l ON l.declaration_id = d.declaration_id)
     ORDER BY factory_entry_id FOR UPDATE$q$, src);
  EXECUTE format($q$
    UPDATE custody_entry_booked t SET booked_kg = t.booked_kg + x.kg, last_booked_on = greatest(t.last_booked_on, x.last_booked_on)
      FROM (SELECT l.factory_entry_id, sum(d.kg) AS kg, max(d.last_booked_on) AS last_booked_on
              FROM (%s) d(declaration_id, kg, last_booked_on) JOIN factory_entry_declarations l ON l.declaration_id = d.declaration_id
             GROUP BY l.factory_entry_id) x
     WHERE t.factory_entry_id = x.factory_entry_id$q$, src);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An entry's weighed or declared kg changed (never through the API): its target follows.
CREATE OR REPLACE FUNCTION custody_entries_weighed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE custody_entry_booked t SET target_kg = coalesce(n.received_kg, n.declared_kg, 0)
    FROM custody_entries_new n WHERE t.factory_entry_id = n.id AND t.target_kg <> coalesce(n.received_kg, n.declared_kg, 0);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER custody_entries_update AFTER UPDATE ON factory_entries REFERENCING NEW TABLE AS custody_entries_new FOR EACH STATEMENT EXECUTE FUNCTION custody_entries_weighed();
--> statement-breakpoint
CREATE TRIGGER custody_links_insert AFTER INSERT ON factory_entry_declarations REFERENCING NEW TABLE AS custody_links_new FOR EACH STATEMENT EXECUTE FUNCTION custody_entries_linked();
--> statement-breakpoint
CREATE TRIGGER custody_links_delete AFTER DELETE ON factory_entry_declarations REFERENCING OLD TABLE AS custody_links_old FOR EACH STATEMENT EXECUTE FUNCTION custody_entries_unlinked();
--> statement-breakpoint
CREATE TRIGGER custody_booked_insert AFTER INSERT ON ledger_declaration_booked REFERENCING NEW TABLE AS custody_booked_new FOR EACH STATEMENT EXECUTE FUNCTION custody_bookings_changed();
--> statement-breakpoint
CREATE TRIGGER custody_booked_update AFTER UPDATE ON ledger_declaration_booked REFERENCING OLD TABLE AS custody_booked_old NEW TABLE AS custody_booked_new FOR EACH STATEMENT EXECUTE FUNCTION custody_bookings_changed();
--> statement-breakpoint
CREATE TRIGGER custody_booked_delete AFTER DELETE ON ledger_declaration_booked REFERENCING OLD TABLE AS custody_booked_old FOR EACH STATEMENT EXECUTE FUNCTION custody_bookings_changed();
--> statement-breakpoint
INSERT INTO custody_entry_booked (factory_entry_id, booked_kg, target_kg, last_booked_on)
SELECT l.factory_entry_id, coalesce(sum(b.booked_kg), 0), min(coalesce(e.received_kg, e.declared_kg, 0)), max(b.last_booked_on)
  FROM factory_entry_declarations l JOIN factory_entries e ON e.id = l.factory_entry_id
  LEFT JOIN ledger_declaration_booked b ON b.declaration_id = l.declaration_id
 GROUP BY l.factory_entry_id;
