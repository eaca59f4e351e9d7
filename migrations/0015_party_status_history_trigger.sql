-- Status history of enterprises and cooperatives (SPEC §15): a trigger records every insert and
-- status change as an interval [from_at, to_at); the cause comes from the transaction setting
-- hub.status_cause (set by the registry's store when market's supervision decisions change a
-- status) or, absent, REGISTERED / APPROVED / STATUS_CHANGED. Then the history of existing rows is
-- rebuilt from their filing date and the supervision actions recorded so far.
CREATE OR REPLACE FUNCTION party_status_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  why text := nullif(current_setting('hub.status_cause', true), '');
  at timestamptz;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    at := CASE WHEN NEW.status::text = 'PENDING' THEN NEW.created_at ELSE coalesce(NEW.filed_at, NEW.created_at) END;
    why := coalesce(why, 'REGISTERED');
  ELSIF OLD.status::text = 'PENDING' AND NEW.status::text = 'FILED' THEN
    at := coalesce(NEW.filed_at, now());
    why := coalesce(why, 'APPROVED');
  ELSE
    at := now();
    why := coalesce(why, 'STATUS_CHANGED');
  END IF;
  IF TG_TABLE_NAME = 'enterprises' THEN
    UPDATE party_status_history SET to_at = greatest(from_at, at) WHERE enterprise_id = NEW.id AND to_at IS NULL;
    INSERT INTO party_status_history (enterprise_id, status, from_at, cause) VALUES (NEW.id, NEW.status::text, at, why);
  ELSE
    UPDATE party_status_history SET to_at = greatest(from_at, at) WHERE cooperative_id = NEW.id AND to_at IS NULL;
    INSERT INTO party_status_history (cooperative_id, status, from_at, cause) VALUES (NEW.id, NEW.status::text, at, why);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS enterprises_status_history ON enterprises;
--> statement-breakpoint
CREATE TRIGGER enterprises_status_history AFTER INSERT OR UPDATE OF status ON enterprises
  FOR EACH ROW EXECUTE FUNCTION party_status_history_record();
--> statement-breakpoint
DROP TRIGGER IF EXISTS cooperatives_status_history ON cooperatives;
--> statement-breakpoint
CREATE TRIGGER cooperatives_status_history AFTER INSERT OR UPDATE OF status ON cooperatives
  FOR EACH ROW EXECUTE FUNCTION party_status_history_record();
--> statement-breakpoint
-- Backfill: the first status (PENDING, or FILED up to the first supervision action, or the current
-- status when there is none), then one interval per supervision action.
WITH acts AS (
  SELECT subject_type::text AS st, subject_id, status_after, created_at, action::text || ' ' || reason::text AS cause,
         lead(created_at) OVER (PARTITION BY subject_type, subject_id ORDER BY created_at, id) AS next_at,
         row_number() OVER (PARTITION BY subject_type, subject_id ORDER BY created_at, id) AS rn
  FROM supervision_actions
), parties AS (
  SELECT 'ENTERPRISE' AS st, id, status::text AS status, filed_at, created_at FROM enterprises
  UNION ALL
  SELECT 'COOPERATIVE', id, status::text, filed_at, created_at FROM cooperatives
)
INSERT INTO party_status_history (enterprise_id, cooperative_id, status, from_at, to_at, cause)
SELECT CASE WHEN p.st = 'ENTERPRISE' THEN p.id END, CASE WHEN p.st = 'COOPERATIVE' THEN p.id END,
       CASE WHEN p.status = 'PENDING' THEN 'PENDING' WHEN a.subject_id IS NOT NULL THEN 'FILED' ELSE p.status END,
       CASE WHEN p.status = 'PENDING' THEN p.created_at ELSE coalesce(p.filed_at, p.created_at) END,
       CASE WHEN a.subject_id IS NOT NULL THEN greatest(a.created_at, coalesce(p.filed_at, p.created_at)) END,
       'REGISTERED'
FROM parties p LEFT JOIN acts a ON a.st = p.st AND a.subject_id = p.id AND a.rn = 1
WHERE NOT EXISTS (SELECT 1 FROM party_status_history h WHERE h.enterprise_id = p.id OR h.cooperative_id = p.id)
UNION ALL
SELECT CASE WHEN a.st = 'ENTERPRISE' THEN a.subject_id END, CASE WHEN a.st = 'COOPERATIVE' THEN a.subject_id END,
       a.status_after, a.created_at, a.next_at, a.cause
FROM acts a
WHERE NOT EXISTS (SELECT 1 FROM party_status_history h WHERE h.enterprise_id = a.subject_id OR h.cooperative_id = a.subject_id);
