-- Reference data cached in memory (issue 15 item 4; src/db/reference-cache.ts): one version per
-- reference table, bumped by a statement-level trigger on every insert, update, delete or truncate
-- (whatever the path: API, CLI, reference loader at start, SQL by hand). Each hub instance keeps the
-- data with the version it read and re-reads it only when the version moved, so every instance
-- sees a change with its next read.
CREATE TABLE IF NOT EXISTS reference_versions (
  name text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hub_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reference_versions AS v (name, version) VALUES (TG_ARGV[0], 1)
  ON CONFLICT (name) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS calendar_days_reference_changed ON calendar_days;
--> statement-breakpoint
CREATE TRIGGER calendar_days_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION hub_reference_changed('calendar_days');
--> statement-breakpoint
DROP TRIGGER IF EXISTS commodity_list_entries_reference_changed ON commodity_list_entries;
--> statement-breakpoint
CREATE TRIGGER commodity_list_entries_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON commodity_list_entries
  FOR EACH STATEMENT EXECUTE FUNCTION hub_reference_changed('commodity_list_entries');
--> statement-breakpoint
DROP TRIGGER IF EXISTS border_townships_reference_changed ON border_townships;
--> statement-breakpoint
CREATE TRIGGER border_townships_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON border_townships
  FOR EACH STATEMENT EXECUTE FUNCTION hub_reference_changed('border_townships');
--> statement-breakpoint
INSERT INTO reference_versions (name, version) VALUES ('calendar_days', 1), ('commodity_list_entries', 1), ('border_townships', 1) ON CONFLICT (name) DO NOTHING;
