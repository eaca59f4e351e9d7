/**
 * `npm run import` reads what Chinese users have: CSV saved by Chinese Excel/WPS is GBK, not UTF-8.
 * Files are produced here with iconv-lite (GBK bytes of Chinese names); the stored names are read
 * back through the API. A header naming an unknown column refuses the whole file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, inject } from 'vitest';
import { readImportFile, submitAll } from '../../../src/cli/importer';
import { IMPORT_KINDS } from '../../../src/cli/import-kinds';
import { rows } from '../../../src/db/client';
import { uniqueNo } from '../../support/customs';
import { uniqueIdNumber } from '../../support/factories';
import { withDatabase } from '../../support/global-setup';
import { describe, expect, test } from '../../support/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'hub-import-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gbkFile = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, iconv.encode(text, 'gbk'));
  return file;
};

const DECLARATION = `query($no: String!) { declaration(declarationNo: $no) { declarant { name } lines { commodityName } } }`;
const declarationsCsv = (no: string, id: string, name = '阿依古丽·买买提') =>
  `declarationNo,declaredAt,declarantIdNumber,declarantName,purpose,hsCode,commodityName,quantityKg,valueYuan
${no},2025-06-10T10:00:00+08:00,${id},${name},MARKET_SALE,08062000,葡萄干,100,1000.00
`;

describe('import of GBK files (Chinese Excel)', () => {
  test('declarations: GB18030 detected, the declarant and commodity names stored as written', async ({ hub, as }) => {
    const kind = await IMPORT_KINDS.declarations!();
    const no = uniqueNo('GBK');
    const file = gbkFile('declarations.csv', declarationsCsv(no, uniqueIdNumber()));
    const read = readImportFile(kind, file);
    expect(read.encoding).toBe('GB18030');
    const { totals } = await submitAll(hub.db, hub.config, kind, kind.viewer({}), read.inputs);
    expect(totals).toEqual({ accepted: 1, duplicates: 0, rejected: 0 });
    const r = await as('CUSTOMS').gql(DECLARATION, { no });
    expect(r.data.declaration).toEqual({ declarant: { name: '阿依古丽·买买提' }, lines: [{ commodityName: '葡萄干' }] });
  });

  test('declarations: the residence columns (Chinese headers 居住地县市/居住地乡镇/居住依据) carry declarantResidence (SPEC §14)', async ({ hub, as }) => {
    const kind = await IMPORT_KINDS.declarations!();
    const [stated, missing] = [uniqueIdNumber('410102'), uniqueIdNumber('652701')];
    const [a, b] = [uniqueNo('RES'), uniqueNo('RES')];
    const file = gbkFile('residence.csv', `申报单号,申报时间,申报人身份证号,申报人姓名,用途,商品编码,商品名称,数量（千克）,货值（元）,居住地县市,居住地乡镇,居住依据
${a},2025-06-10T10:00:00+08:00,${stated},王芳,MARKET_SALE,08062000,葡萄干,100,1000.00,652702,阿拉山口街道,常住
${b},2025-06-10T10:00:00+08:00,${missing},李明,MARKET_SALE,08062000,葡萄干,100,1000.00,,,
`);
    const { totals } = await submitAll(hub.db, hub.config, kind, kind.viewer({}), readImportFile(kind, file).inputs);
    // The second row, a 652701 ID number without residence, is refused (MISSING_FIELD).
    expect(totals).toEqual({ accepted: 1, duplicates: 0, rejected: 1 });
    const r = await as('CUSTOMS').gql('query($id: String!) { resident(idNumber: $id) { county township residenceBasis } }', { id: stated });
    expect(r.data.resident).toEqual({ county: '652702', township: '阿拉山口街道', residenceBasis: 'HABITUAL' });
  });

  test('ledger: product names from a GBK file with Chinese headers', async ({ hub, as, seed }) => {
    const kind = await IMPORT_KINDS.ledger!();
    const e = await seed.enterprise();
    const file = gbkFile('ledger.csv', `发生日期,类别,品名,数量（千克）,金额（元）,企业流水号
2025-03-02,PRODUCT_SOLD,葵花籽油（一级压榨）,10,55.00,gbk-1
2025-03-03,PRODUCT_OUTPUT,红花籽油,20,120.00,gbk-2
`);
    const read = readImportFile(kind, file);
    expect(read.encoding).toBe('GB18030');
    const { totals } = await submitAll(hub.db, hub.config, kind, kind.viewer({ org: e.id }), read.inputs);
    expect(totals.accepted).toBe(2);
    const r = await as('ENTERPRISE', e.id).gql(`{ ledgerEntries(filter: {}) { edges { node { externalRef productName amountYuan } } } }`);
    expect(r.data.ledgerEntries.edges.map((x: any) => x.node).sort((a: any, b: any) => a.externalRef.localeCompare(b.externalRef))).toEqual([
      { externalRef: 'gbk-1', productName: '葵花籽油（一级压榨）', amountYuan: '55.00' },
      { externalRef: 'gbk-2', productName: '红花籽油', amountYuan: '120.00' },
    ]);
  });

  test('tax-records: a GBK file with the Chinese headers of TaxRecord', async ({ hub, as, seed }) => {
    const kind = await IMPORT_KINDS['tax-records']!();
    const e = await seed.enterprise();
    const file = gbkFile('tax.csv', `企业ID,期间,开票销售额（元）,销项税额（元）,进项税额（元）,农产品进项税额核定扣除（元）,实缴增值税（元）,申报时间
${e.id},2025-04,10000.00,1300.00,200.00,100.00,1000.00,2025-05-12T10:00:00+08:00
`);
    const read = readImportFile(kind, file);
    expect(read.encoding).toBe('GB18030');
    expect((await submitAll(hub.db, hub.config, kind, kind.viewer({}), read.inputs)).totals.accepted).toBe(1);
    const r = await as('TAX').gql(`query($id: ID!) { taxRecords(filter: { enterpriseId: $id }) { edges { node { period salesInvoicedYuan vatPaidYuan } } } }`, { id: e.id });
    expect(r.data.taxRecords.edges.map((x: any) => x.node)).toEqual([{ period: '2025-04', salesInvoicedYuan: '10000.00', vatPaidYuan: '1000.00' }]);
  });

  test('--encoding forces the reading; a GBK file forced to UTF-8 is refused, not stored garbled', async () => {
    const kind = await IMPORT_KINDS.declarations!();
    const file = gbkFile('forced.csv', declarationsCsv(uniqueNo('GBK'), uniqueIdNumber()));
    expect(readImportFile(kind, file, { encoding: 'GBK' })).toMatchObject({ encoding: 'GB18030', how: 'forced' });
    expect(() => readImportFile(kind, file, { encoding: 'UTF-8' })).toThrow(/not valid UTF-8/);
  });

  test('an unknown column refuses the whole file, naming it and the expected columns', async () => {
    const kind = await IMPORT_KINDS.declarations!();
    const file = gbkFile('unknown.csv', declarationsCsv(uniqueNo('GBK'), uniqueIdNumber()).replace('declarantName', 'declarant_name'));
    expect(() => readImportFile(kind, file)).toThrow(/未知列 \/ unknown column\(s\): declarant_name\. 应有列 \/ expected: 必需 \/ required declarationNo, .*可选 \/ optional .*declarantName/);
  });
});

/**
 * The command itself, in a child process against this file's PostgreSQL database (on the embedded
 * database it would need a data directory of its own): the report names the encoding, a bad header
 * stores nothing.
 */
describe.runIf(inject('testDb').kind === 'postgres')('npm run import (child process)', () => {
  const run = async (db: any, args: string[]) => {
    const t = inject('testDb') as { url: string };
    const [{ name }] = await rows<{ name: string }>(db, sql`select current_database() as name`) as [{ name: string }];
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
      env: { ...process.env, DATABASE_URL: withDatabase(t.url, name), DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    }).then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }));
  };

  test('prints "detected encoding: GB18030" and stores the names', async ({ hub, as }) => {
    const no = uniqueNo('GBK');
    const file = gbkFile('cli.csv', declarationsCsv(no, uniqueIdNumber(), '热合曼·艾力'));
    const r = await run(hub.db, ['declarations', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/detected encoding: GB18030/);
    expect(r.stdout).toMatch(/1 accepted, 0 duplicates, 0 rejected/);
    expect((await as('CUSTOMS').gql(DECLARATION, { no })).data.declaration.declarant).toEqual({ name: '热合曼·艾力' });
  });

  test('a header with an unknown column: exit 1, one line, nothing stored', async ({ hub, as }) => {
    const no = uniqueNo('GBK');
    const file = gbkFile('cli-bad.csv', declarationsCsv(no, uniqueIdNumber()).replace('declaredAt,', 'declaredAt,备注,').replace('+08:00,', '+08:00,x,'));
    const r = await run(hub.db, ['declarations', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^错误 \/ error: CSV 表头有误.*unknown column\(s\): 备注\./)]);
    expect((await as('CUSTOMS').gql(DECLARATION, { no })).data.declaration).toBeNull();
  });
});
