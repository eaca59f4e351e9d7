-- The access log's head (position and hash of its last row), taken from the log as it stands:
-- the writer extends the chain from here and locks this row for the length of one flush.
INSERT INTO "access_log_head" ("id", "seq", "hash")
SELECT 1, coalesce((SELECT max("seq") FROM "access_log"), 0),
       coalesce((SELECT "hash" FROM "access_log" ORDER BY "seq" DESC LIMIT 1), repeat('0', 64))
ON CONFLICT ("id") DO NOTHING;
