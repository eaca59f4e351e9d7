/**
 * The work of `npm run import` (src/cli/import.ts), callable in-process: read the file in its
 * encoding, check the CSV header against the kind's columns, and submit in batches of 1,000
 * through the same service call as the batch mutation.
 */
import { readFileSync } from 'node:fs';
import type { Viewer } from '../authz/agencies';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { MAX_BATCH, type BatchRow } from '../shared/batch';
import { checkHeader, decodeText, parseCsvTable, renameColumns, type DecodedText } from '../shared/csv';
import type { ImportKind } from '../shared/import-kind';
import { CliFailure } from './run';

export interface ImportFile<I> {
  inputs: I[];
  encoding: DecodedText['encoding'];
  how: DecodedText['how'];
}

/** Reads a .json or .csv file into the kind's inputs; a bad encoding, header or JSON refuses the whole file. */
export function readImportFile<I>(kind: ImportKind<I>, file: string, opts: { encoding?: string } = {}): ImportFile<I> {
  const { text, encoding, how } = decodeText(readFileSync(file), opts.encoding);
  if (/\.json$/i.test(file)) {
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch (e) {
      // Never quote the parser's message: it shows a piece of the file (names, ID numbers).
      const at = /position (\d+)/.exec((e as Error).message)?.[1];
      throw new CliFailure(`文件不是有效的 JSON / ${file} is not valid JSON${at ? ` (near character ${at})` : ''}`);
    }
    if (!Array.isArray(items)) throw new CliFailure(`JSON 文件须为数组 / ${file} must hold a JSON array of inputs`);
    return { inputs: kind.fromJson(items), encoding, how };
  }
  const { header, records } = parseCsvTable(text);
  const mapping = checkHeader(header, kind.csvColumns, records);
  return { inputs: kind.fromCsv(renameColumns(records, mapping)), encoding, how };
}

export interface ImportTotals { accepted: number; duplicates: number; rejected: number }

/** Submits the inputs in batches of MAX_BATCH; rows carry their index in the whole file. */
export async function submitAll<I>(
  db: Db, config: Config, kind: ImportKind<I>, viewer: Viewer, inputs: I[],
  onProgress: (done: number, totals: ImportTotals) => void = () => {},
): Promise<{ totals: ImportTotals; rows: BatchRow[] }> {
  const rows: BatchRow[] = [];
  const totals: ImportTotals = { accepted: 0, duplicates: 0, rejected: 0 };
  for (let i = 0; i < inputs.length; i += MAX_BATCH) {
    const chunk = inputs.slice(i, i + MAX_BATCH);
    const r = await kind.submit(db, viewer, config, chunk);
    totals.accepted += r.accepted; totals.duplicates += r.duplicates; totals.rejected += r.rejected;
    for (const row of r.rows) rows.push({ ...row, index: row.index + i });
    onProgress(i + chunk.length, totals);
  }
  return { totals, rows };
}
