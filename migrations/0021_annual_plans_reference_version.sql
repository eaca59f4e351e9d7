-- Annual plans join the reference data cached in memory (0020, src/db/reference-cache.ts): quotaStatus
-- reads the plan in force with the rollup's sums in one statement instead of two, and every instance
-- sees a plan set through the API, the CLI or SQL by hand with its next read.
DROP TRIGGER IF EXISTS annual_plans_reference_changed ON annual_plans;
--> statement-breakpoint
CREATE TRIGGER annual_plans_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON annual_plans
  FOR EACH STATEMENT EXECUTE FUNCTION hub_reference_changed('annual_plans');
--> statement-breakpoint
INSERT INTO reference_versions (name, version) VALUES ('annual_plans', 1) ON CONFLICT (name) DO NOTHING;
