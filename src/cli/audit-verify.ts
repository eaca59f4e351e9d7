/**
 * npm run audit:verify — walks the access log's hash chain and its signed checkpoints (SPEC §10):
 * edited or deleted rows, edited personal-record lists, a truncated tail, an emptied log, a chain
 * re-hashed after an edit, checkpoints forged or deleted. Exit 1 on any finding.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { verifyAccessLog } from '../modules/audit';
import { parseCli, runCli } from './run';

const USAGE = '用法 / usage: npm run audit:verify   (checks the access log\'s hash chain and signed checkpoints; exit 1 when broken)';

const WHAT: Record<string, string> = {
  EDITED: 'content does not match its hash (edited)',
  MISSING_PREDECESSOR: 'the previous row is missing or was replaced (deleted or inserted)',
  RECORDS_EDITED: 'its list of personal-record ids was edited or deleted',
  TRUNCATED: 'a signed checkpoint covers this position but the row is gone (tail truncated or log emptied)',
  ANCHOR_MISMATCH: 'the row at this checkpoint has another hash than the one signed (edited and re-hashed, or deleted)',
  ANCHOR_FORGED: "the checkpoint's signature is wrong (forged, or AUDIT_ANCHOR_KEY / DATA_DIR is not the hub's)",
  ANCHOR_MISSING: 'checkpoints were deleted (numbering, links or the copy in the anchor file do not match)',
};

await runCli(USAGE, async () => {
  parseCli({ usage: USAGE, options: {} });
  // No JWT here: do not leave a signing secret in DATA_DIR that `npm run token` would then trust.
  const config = loadConfig(process.env, { createDevSecret: false });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let r;
  try {
    r = await verifyAccessLog(database.db, {
      anchorKey: config.audit.anchorKey,
      anchorFile: config.audit.anchorFile,
      onProgress: (n) => process.stderr.write(`\rchecked ${n} rows …`),
    });
    process.stderr.write('\n');
  } finally {
    await database.close();
  }
  if (r.breaks.length) {
    for (const b of r.breaks.slice(0, 50)) console.log(`row seq ${b.seq}: ${b.problem} — ${WHAT[b.problem] ?? b.problem}`);
    console.log(`access log BROKEN: ${r.breaks.length} problem(s) in ${r.checked} rows, ${r.anchors} checkpoint(s)`);
    return 1;
  }
  console.log(`access log intact: ${r.checked} rows, last hash ${r.lastHash}`);
  console.log(`  ${r.anchors} signed checkpoint(s), the last at row ${r.anchoredTo}; ${Math.max(0, r.lastSeq - r.anchoredTo)} row(s) after it, not yet checkpointed`);
});
