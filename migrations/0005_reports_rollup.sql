-- Exact maintenance of the trade rollups (src/modules/reports/table.ts: trade_daily,
-- trade_daily_commodity). Every change to customs_declarations or declaration_lines applies its
-- delta with an upsert (row locks serialise concurrent batches, so sums stay exact); a recount
-- never happens. Counted statuses: DECLARED, RELEASED, INSPECTING (SPEC §7).
CREATE OR REPLACE FUNCTION reports_counted(s declaration_status) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT s IN ('DECLARED', 'RELEASED', 'INSPECTING') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION reports_trade_daily_apply(d date, p declaration_purpose, tp text, n bigint, v numeric, q numeric) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO trade_daily AS t (declared_on, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
  VALUES (d, p, tp, n, v, q)
  ON CONFLICT (declared_on, purpose, trade_point) DO UPDATE
  SET declaration_count = t.declaration_count + excluded.declaration_count,
      value_yuan = t.value_yuan + excluded.value_yuan,
      quantity_kg = t.quantity_kg + excluded.quantity_kg
$$;
--> statement-breakpoint
-- The line contributions of one declaration (one declaration per HS code), added (+1) or removed (-1).
CREATE OR REPLACE FUNCTION reports_commodity_apply(decl uuid, d date, p declaration_purpose, tp text, sign int) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO trade_daily_commodity AS t (declared_on, hs_code, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
  SELECT d, l.hs_code, p, tp, sign, sign * sum(l.value_yuan), sign * sum(l.quantity_kg)
  FROM declaration_lines l WHERE l.declaration_id = decl
  GROUP BY l.hs_code ORDER BY l.hs_code
  ON CONFLICT (declared_on, hs_code, purpose, trade_point) DO UPDATE
  SET declaration_count = t.declaration_count + excluded.declaration_count,
      value_yuan = t.value_yuan + excluded.value_yuan,
      quantity_kg = t.quantity_kg + excluded.quantity_kg
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION reports_declarations_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_c boolean := TG_OP <> 'INSERT' AND reports_counted(OLD.status);
  new_c boolean := TG_OP <> 'DELETE' AND reports_counted(NEW.status);
  keys_moved boolean := TG_OP = 'UPDATE' AND (OLD.declared_on, OLD.purpose, OLD.trade_point) IS DISTINCT FROM (NEW.declared_on, NEW.purpose, NEW.trade_point);
BEGIN
  IF TG_OP = 'UPDATE' AND old_c = new_c AND NOT keys_moved
     AND (OLD.value_yuan, OLD.quantity_kg) IS NOT DISTINCT FROM (NEW.value_yuan, NEW.quantity_kg) THEN
    RETURN NULL;
  END IF;
  IF old_c THEN
    PERFORM reports_trade_daily_apply(OLD.declared_on, OLD.purpose, OLD.trade_point, -1, -OLD.value_yuan, -OLD.quantity_kg);
  END IF;
  IF new_c THEN
    PERFORM reports_trade_daily_apply(NEW.declared_on, NEW.purpose, NEW.trade_point, 1, NEW.value_yuan, NEW.quantity_kg);
  END IF;
  -- Lines are inserted after their declaration (their own trigger counts them); an update that
  -- changes whether or where the declaration counts moves its existing lines.
  IF TG_OP = 'UPDATE' AND (old_c <> new_c OR keys_moved) THEN
    IF old_c THEN PERFORM reports_commodity_apply(OLD.id, OLD.declared_on, OLD.purpose, OLD.trade_point, -1); END IF;
    IF new_c THEN PERFORM reports_commodity_apply(NEW.id, NEW.declared_on, NEW.purpose, NEW.trade_point, 1); END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Inserts (the common case, up to 1,000 rows a batch) are applied once per statement.
CREATE OR REPLACE FUNCTION reports_declarations_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trade_daily AS t (declared_on, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
  SELECT declared_on, purpose, trade_point, count(*), sum(value_yuan), sum(quantity_kg)
  FROM new_rows WHERE reports_counted(status)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (declared_on, purpose, trade_point) DO UPDATE
  SET declaration_count = t.declaration_count + excluded.declaration_count,
      value_yuan = t.value_yuan + excluded.value_yuan,
      quantity_kg = t.quantity_kg + excluded.quantity_kg;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Before a declaration is deleted its lines are still there: remove them from the rollup here;
-- the cascaded line delete then finds no declaration and adds nothing.
CREATE OR REPLACE FUNCTION reports_declaration_deleting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF reports_counted(OLD.status) THEN
    PERFORM reports_commodity_apply(OLD.id, OLD.declared_on, OLD.purpose, OLD.trade_point, -1);
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
-- Statement level with transition tables: one upsert per statement. A declaration counts once per
-- HS code: the count moves by (has a line of the code after) − (had one before).
CREATE OR REPLACE FUNCTION reports_lines_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  none text := '(SELECT * FROM declaration_lines WHERE false)';
  old_src text := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN 'old_rows' ELSE none END;
  new_src text := CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN 'new_rows' ELSE none END;
BEGIN
  EXECUTE format($q$
    WITH o AS (SELECT x.declaration_id, x.hs_code, sum(x.value_yuan) AS v, sum(x.quantity_kg) AS q FROM %1$s x GROUP BY 1, 2),
         n AS (SELECT x.declaration_id, x.hs_code, count(*) AS c, sum(x.value_yuan) AS v, sum(x.quantity_kg) AS q FROM %2$s x GROUP BY 1, 2),
         pairs AS (SELECT declaration_id, hs_code FROM o UNION SELECT declaration_id, hs_code FROM n),
         cur AS (SELECT p.declaration_id, p.hs_code,
                        (SELECT count(*) FROM declaration_lines l WHERE l.declaration_id = p.declaration_id AND l.hs_code = p.hs_code) AS c
                 FROM pairs p),
         -- Lines now = unchanged lines + new rows, so some unchanged line has the code iff cur.c > n.c.
         delta AS (
           SELECT cur.declaration_id, cur.hs_code,
                  coalesce(n.v, 0) - coalesce(o.v, 0) AS dv,
                  coalesce(n.q, 0) - coalesce(o.q, 0) AS dq,
                  (cur.c > 0)::int - (o.declaration_id IS NOT NULL OR cur.c > coalesce(n.c, 0))::int AS dc
           FROM cur
           LEFT JOIN o ON o.declaration_id = cur.declaration_id AND o.hs_code = cur.hs_code
           LEFT JOIN n ON n.declaration_id = cur.declaration_id AND n.hs_code = cur.hs_code)
    INSERT INTO trade_daily_commodity AS t (declared_on, hs_code, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
    SELECT d.declared_on, delta.hs_code, d.purpose, d.trade_point, sum(delta.dc), sum(delta.dv), sum(delta.dq)
    FROM delta JOIN customs_declarations d ON d.id = delta.declaration_id
    WHERE reports_counted(d.status)
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (declared_on, hs_code, purpose, trade_point) DO UPDATE
    SET declaration_count = t.declaration_count + excluded.declaration_count,
        value_yuan = t.value_yuan + excluded.value_yuan,
        quantity_kg = t.quantity_kg + excluded.quantity_kg
  $q$, old_src, new_src);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reports_declarations_ins AFTER INSERT ON customs_declarations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_declarations_inserted();
--> statement-breakpoint
CREATE TRIGGER reports_declarations_upd AFTER UPDATE ON customs_declarations FOR EACH ROW EXECUTE FUNCTION reports_declarations_changed();
--> statement-breakpoint
CREATE TRIGGER reports_declarations_del AFTER DELETE ON customs_declarations FOR EACH ROW EXECUTE FUNCTION reports_declarations_changed();
--> statement-breakpoint
CREATE TRIGGER reports_declarations_deleting BEFORE DELETE ON customs_declarations FOR EACH ROW EXECUTE FUNCTION reports_declaration_deleting();
--> statement-breakpoint
CREATE TRIGGER reports_lines_ins AFTER INSERT ON declaration_lines REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_lines_changed();
--> statement-breakpoint
CREATE TRIGGER reports_lines_upd AFTER UPDATE ON declaration_lines REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_lines_changed();
--> statement-breakpoint
CREATE TRIGGER reports_lines_del AFTER DELETE ON declaration_lines REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_lines_changed();
--> statement-breakpoint
-- Backfill what was stored before the triggers existed.
INSERT INTO trade_daily (declared_on, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
SELECT declared_on, purpose, trade_point, count(*), sum(value_yuan), sum(quantity_kg)
FROM customs_declarations WHERE reports_counted(status) GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO trade_daily_commodity (declared_on, hs_code, purpose, trade_point, declaration_count, value_yuan, quantity_kg)
SELECT d.declared_on, l.hs_code, d.purpose, d.trade_point, count(DISTINCT d.id), sum(l.value_yuan), sum(l.quantity_kg)
FROM customs_declarations d JOIN declaration_lines l ON l.declaration_id = d.id
WHERE reports_counted(d.status) GROUP BY 1, 2, 3, 4;
