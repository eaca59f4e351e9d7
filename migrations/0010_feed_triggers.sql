-- Change capture for the feed (SPEC §16, src/modules/feed). Every insert, update (that changes
-- something) and delete of the 16 shared entity tables writes one row into "changes" inside the
-- writer's transaction: the change commits or rolls back with the row. The feed position (seq) is
-- assigned later, after commit, by the single sequencer (src/modules/feed/store.ts).
-- Trigger arguments: entity name, the column holding the owning enterprise, the column holding the
-- owning cooperative ('' for none; 'subject' reads subject_type/subject_id of market records).
-- An update that moves a row to another owner also writes a scope-exit DELETE for the former owner.
CREATE OR REPLACE FUNCTION feed_capture() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  o jsonb;
  ent uuid;
  coop uuid;
  old_ent uuid;
  old_coop uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' THEN o := to_jsonb(OLD); END IF;
  IF TG_ARGV[1] = 'subject' THEN
    IF r->>'subject_type' = 'ENTERPRISE' THEN ent := (r->>'subject_id')::uuid; END IF;
    IF r->>'subject_type' = 'COOPERATIVE' THEN coop := (r->>'subject_id')::uuid; END IF;
    IF o->>'subject_type' = 'ENTERPRISE' THEN old_ent := (o->>'subject_id')::uuid; END IF;
    IF o->>'subject_type' = 'COOPERATIVE' THEN old_coop := (o->>'subject_id')::uuid; END IF;
  ELSE
    IF TG_ARGV[1] <> '' THEN ent := (r->>TG_ARGV[1])::uuid; old_ent := (o->>TG_ARGV[1])::uuid; END IF;
    IF TG_ARGV[2] <> '' THEN coop := (r->>TG_ARGV[2])::uuid; old_coop := (o->>TG_ARGV[2])::uuid; END IF;
  END IF;
  -- The row moved to another owner: tell the former owner it is gone from its view (scope exit).
  IF TG_OP = 'UPDATE' AND (old_ent, old_coop) IS DISTINCT FROM (ent, coop) AND (old_ent IS NOT NULL OR old_coop IS NOT NULL) THEN
    INSERT INTO changes (entity, row_id, op, enterprise_id, cooperative_id, scope_exit)
    VALUES (TG_ARGV[0], (r->>'id')::uuid, 'DELETE', old_ent, old_coop, true);
  END IF;
  INSERT INTO changes (entity, row_id, op, enterprise_id, cooperative_id)
  VALUES (TG_ARGV[0], (r->>'id')::uuid, CASE WHEN TG_OP = 'DELETE' THEN 'DELETE' ELSE 'UPSERT' END, ent, coop);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('enterprises', 'ENTERPRISE', 'id', ''),
    ('cooperatives', 'COOPERATIVE', '', 'id'),
    ('border_residents', 'BORDER_RESIDENT', '', 'cooperative_id'),
    ('supply_contracts', 'SUPPLY_CONTRACT', 'enterprise_id', 'cooperative_id'),
    ('customs_declarations', 'CUSTOMS_DECLARATION', 'destination_enterprise_id', 'cooperative_id'),
    ('factory_entries', 'FACTORY_ENTRY', 'enterprise_id', ''),
    ('ledger_entries', 'LEDGER_ENTRY', 'enterprise_id', ''),
    ('monthly_reports', 'MONTHLY_REPORT', 'enterprise_id', ''),
    ('quarterly_reports', 'QUARTERLY_REPORT', 'enterprise_id', 'cooperative_id'),
    ('tax_records', 'TAX_RECORD', 'enterprise_id', ''),
    ('shops', 'SHOP', '', ''),
    ('inspections', 'INSPECTION', 'subject', ''),
    ('supervision_actions', 'SUPERVISION_ACTION', 'subject', ''),
    ('dishonest_list_entries', 'DISHONEST_LIST_ENTRY', 'subject', ''),
    ('annual_plans', 'ANNUAL_PLAN', '', ''),
    ('early_warnings', 'EARLY_WARNING', '', '')
  ) AS x(tbl, entity, ent_col, coop_col) LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS feed_capture_write ON %I', t.tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS feed_capture_update ON %I', t.tbl);
    EXECUTE format('CREATE TRIGGER feed_capture_write AFTER INSERT OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION feed_capture(%L, %L, %L)',
      t.tbl, t.entity, t.ent_col, t.coop_col);
    -- An update that changes nothing (an idempotent re-send) announces nothing.
    EXECUTE format('CREATE TRIGGER feed_capture_update AFTER UPDATE ON %I FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION feed_capture(%L, %L, %L)',
      t.tbl, t.entity, t.ent_col, t.coop_col);
  END LOOP;
END $$;
