-- The backfill below reads every declaration, link and ledger entry (minutes at scale 20): no
-- statement timeout for the rest of this migration's transaction.
SET LOCAL statement_timeout = 0;
--> statement-breakpoint
CREATE TABLE "ledger_daily" (
	"enterprise_id" uuid NOT NULL,
	"day" date NOT NULL,
	"entries" integer NOT NULL,
	"raw_delta" numeric(20, 3) NOT NULL,
	"raw_sold_kg" numeric(20, 3) NOT NULL,
	"consumed_kg" numeric(20, 3) NOT NULL,
	"consumed_yuan" numeric(20, 2) NOT NULL,
	"output_kg" numeric(20, 3) NOT NULL,
	"output_yuan" numeric(20, 2) NOT NULL,
	CONSTRAINT "ledger_daily_enterprise_id_day_pk" PRIMARY KEY("enterprise_id","day")
);
--> statement-breakpoint
CREATE TABLE "ledger_declaration_booked" (
	"declaration_id" uuid PRIMARY KEY NOT NULL,
	"booked_kg" numeric(20, 3) NOT NULL,
	"last_booked_on" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customs_declarations" ADD COLUMN "entered_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "factory_entries" ADD COLUMN "declared_kg" numeric(20, 3);--> statement-breakpoint
ALTER TABLE "factory_entries" ADD COLUMN "declaration_no" text;--> statement-breakpoint
CREATE INDEX "customs_declarations_unentered_idx" ON "customs_declarations" USING btree ("released_at") WHERE "customs_declarations"."purpose" = 'LANDING_PROCESSING' and "customs_declarations"."status" = 'RELEASED' and "customs_declarations"."entered_at" is null;--> statement-breakpoint
CREATE INDEX "customs_declarations_entered_idx" ON "customs_declarations" USING btree ("entered_at") WHERE "customs_declarations"."purpose" = 'LANDING_PROCESSING' and "customs_declarations"."status" = 'RELEASED' and "customs_declarations"."entered_at" is not null;--> statement-breakpoint
-- Customs' custody figures for the rows already stored (customs' store writes them from now on,
-- with each factory entry). No value the API shows changes, so the feed announces nothing: its
-- (and the trade rollups') triggers are off for the backfill.
ALTER TABLE factory_entries DISABLE TRIGGER USER;
--> statement-breakpoint
UPDATE factory_entries e SET declared_kg = t.kg, declaration_no = t.no
FROM (SELECT l.factory_entry_id, sum(d.quantity_kg) AS kg, min(d.declaration_no) AS no
        FROM factory_entry_declarations l JOIN customs_declarations d ON d.id = l.declaration_id
       GROUP BY l.factory_entry_id) t
WHERE t.factory_entry_id = e.id;
--> statement-breakpoint
ALTER TABLE factory_entries ENABLE TRIGGER USER;
--> statement-breakpoint
ALTER TABLE customs_declarations DISABLE TRIGGER USER;
--> statement-breakpoint
UPDATE customs_declarations d SET entered_at = t.at
FROM (SELECT l.declaration_id, min(e.arrived_at) AS at
        FROM factory_entry_declarations l JOIN factory_entries e ON e.id = l.factory_entry_id
       GROUP BY l.declaration_id) t
WHERE t.declaration_id = d.id;
--> statement-breakpoint
ALTER TABLE customs_declarations ENABLE TRIGGER USER;
--> statement-breakpoint
-- ledger_daily: every change to ledger_entries applies its delta once per statement (transition
-- tables; an update is its old rows out and its new rows in). Rows summed to no entry are removed.
CREATE OR REPLACE FUNCTION ledger_daily_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM ledger_new n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM ledger_old o'
    ELSE 'SELECT n.*, 1 AS sign FROM ledger_new n UNION ALL SELECT o.*, -1 FROM ledger_old o' END;
BEGIN
  EXECUTE format($q$
    INSERT INTO ledger_daily AS t (enterprise_id, day, entries, raw_delta, raw_sold_kg, consumed_kg, consumed_yuan, output_kg, output_yuan)
    SELECT x.enterprise_id, x.occurred_on, sum(x.sign),
           sum(x.sign * CASE x.kind WHEN 'RAW_IN' THEN x.quantity_kg WHEN 'PRODUCT_OUTPUT' THEN 0 WHEN 'PRODUCT_SOLD' THEN 0 ELSE -x.quantity_kg END),
           sum(x.sign * CASE WHEN x.kind = 'RAW_SOLD' THEN x.quantity_kg ELSE 0 END),
           sum(x.sign * CASE WHEN x.kind = 'RAW_CONSUMED' THEN x.quantity_kg ELSE 0 END),
           sum(x.sign * CASE WHEN x.kind = 'RAW_CONSUMED' THEN x.amount_yuan ELSE 0 END),
           sum(x.sign * CASE WHEN x.kind = 'PRODUCT_OUTPUT' THEN x.quantity_kg ELSE 0 END),
           sum(x.sign * CASE WHEN x.kind = 'PRODUCT_OUTPUT' THEN x.amount_yuan ELSE 0 END)
      FROM (%s) x
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (enterprise_id, day) DO UPDATE
    SET entries = t.entries + excluded.entries, raw_delta = t.raw_delta + excluded.raw_delta,
        raw_sold_kg = t.raw_sold_kg + excluded.raw_sold_kg, consumed_kg = t.consumed_kg + excluded.consumed_kg,
        consumed_yuan = t.consumed_yuan + excluded.consumed_yuan, output_kg = t.output_kg + excluded.output_kg,
        output_yuan = t.output_yuan + excluded.output_yuan$q$, src);
  IF TG_OP <> 'INSERT' THEN
    EXECUTE format('DELETE FROM ledger_daily t USING (%s) x WHERE t.enterprise_id = x.enterprise_id AND t.day = x.occurred_on AND t.entries = 0', src);
  END IF;
  -- An entry moved to another day moves the day its bookings count from.
  IF TG_OP = 'UPDATE' THEN
    PERFORM ledger_booked_recount(ARRAY(SELECT b.declaration_id FROM ledger_bookings b JOIN ledger_new n ON n.id = b.ledger_entry_id
                                          JOIN ledger_old o ON o.id = n.id WHERE o.occurred_on <> n.occurred_on));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- ledger_declaration_booked, exactly, for some declarations: their bookings summed again.
CREATE OR REPLACE FUNCTION ledger_booked_recount(ids uuid[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM ledger_declaration_booked WHERE declaration_id = ANY(ids);
  INSERT INTO ledger_declaration_booked (declaration_id, booked_kg, last_booked_on)
  SELECT b.declaration_id, sum(b.kg), max(le.occurred_on)
    FROM ledger_bookings b JOIN ledger_entries le ON le.id = b.ledger_entry_id
   WHERE b.declaration_id = ANY(ids) GROUP BY b.declaration_id ORDER BY b.declaration_id;
$$;
--> statement-breakpoint
-- Bookings are written once with their RAW_IN entry: inserts add per statement; an update or a
-- delete (an entry removed) counts the declarations concerned again.
CREATE OR REPLACE FUNCTION ledger_booked_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_declaration_booked AS t (declaration_id, booked_kg, last_booked_on)
  SELECT b.declaration_id, sum(b.kg), max(le.occurred_on)
    FROM booked_new b JOIN ledger_entries le ON le.id = b.ledger_entry_id
   GROUP BY b.declaration_id ORDER BY b.declaration_id
  ON CONFLICT (declaration_id) DO UPDATE
  SET booked_kg = t.booked_kg + excluded.booked_kg, last_booked_on = greatest(t.last_booked_on, excluded.last_booked_on);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_booked_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_booked_recount(ARRAY(SELECT declaration_id FROM booked_old));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_booked_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_booked_recount(ARRAY(SELECT declaration_id FROM booked_old UNION SELECT declaration_id FROM booked_new));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_daily_insert AFTER INSERT ON ledger_entries REFERENCING NEW TABLE AS ledger_new FOR EACH STATEMENT EXECUTE FUNCTION ledger_daily_changed();
--> statement-breakpoint
CREATE TRIGGER ledger_daily_update AFTER UPDATE ON ledger_entries REFERENCING OLD TABLE AS ledger_old NEW TABLE AS ledger_new FOR EACH STATEMENT EXECUTE FUNCTION ledger_daily_changed();
--> statement-breakpoint
CREATE TRIGGER ledger_daily_delete AFTER DELETE ON ledger_entries REFERENCING OLD TABLE AS ledger_old FOR EACH STATEMENT EXECUTE FUNCTION ledger_daily_changed();
--> statement-breakpoint
CREATE TRIGGER ledger_booked_insert AFTER INSERT ON ledger_bookings REFERENCING NEW TABLE AS booked_new FOR EACH STATEMENT EXECUTE FUNCTION ledger_booked_inserted();
--> statement-breakpoint
CREATE TRIGGER ledger_booked_update AFTER UPDATE ON ledger_bookings REFERENCING OLD TABLE AS booked_old NEW TABLE AS booked_new FOR EACH STATEMENT EXECUTE FUNCTION ledger_booked_updated();
--> statement-breakpoint
CREATE TRIGGER ledger_booked_delete AFTER DELETE ON ledger_bookings REFERENCING OLD TABLE AS booked_old FOR EACH STATEMENT EXECUTE FUNCTION ledger_booked_removed();
--> statement-breakpoint
-- The rollups of what is already stored.
INSERT INTO ledger_daily (enterprise_id, day, entries, raw_delta, raw_sold_kg, consumed_kg, consumed_yuan, output_kg, output_yuan)
SELECT le.enterprise_id, le.occurred_on, count(*),
       sum(CASE le.kind WHEN 'RAW_IN' THEN le.quantity_kg WHEN 'PRODUCT_OUTPUT' THEN 0 WHEN 'PRODUCT_SOLD' THEN 0 ELSE -le.quantity_kg END),
       coalesce(sum(le.quantity_kg) FILTER (WHERE le.kind = 'RAW_SOLD'), 0),
       coalesce(sum(le.quantity_kg) FILTER (WHERE le.kind = 'RAW_CONSUMED'), 0),
       coalesce(sum(le.amount_yuan) FILTER (WHERE le.kind = 'RAW_CONSUMED'), 0),
       coalesce(sum(le.quantity_kg) FILTER (WHERE le.kind = 'PRODUCT_OUTPUT'), 0),
       coalesce(sum(le.amount_yuan) FILTER (WHERE le.kind = 'PRODUCT_OUTPUT'), 0)
  FROM ledger_entries le GROUP BY le.enterprise_id, le.occurred_on;
--> statement-breakpoint
INSERT INTO ledger_declaration_booked (declaration_id, booked_kg, last_booked_on)
SELECT b.declaration_id, sum(b.kg), max(le.occurred_on)
  FROM ledger_bookings b JOIN ledger_entries le ON le.id = b.ledger_entry_id GROUP BY b.declaration_id;
