import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { checkHeader, decodeText, neutralise, parseCsv, parseCsvTable, toCsv } from '../../../src/shared/csv';

describe('CSV formula neutralisation', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`], ['+1+2', "'+1+2"], ['-1+2', "'-1+2"], ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"], ['-12.50', '-12.50'], ['+3', '+3'], ['公司', '公司'], ['a=b', 'a=b'], ['', ''],
  ])('%j → %j', (input, want) => expect(neutralise(input)).toBe(want));

  it('writes a neutralised cell that reads back with its apostrophe, quoting as needed', () => {
    const text = toCsv([{ name: '=1+1,2', amount: '-5.00' }], ['name', 'amount']);
    expect(text).toBe(`name,amount\n"'=1+1,2",-5.00\n`);
    expect(parseCsv(text)).toEqual([{ name: "'=1+1,2", amount: '-5.00' }]);
  });
});

describe('decodeText: the encoding of an import file', () => {
  const names = '申报人姓名,商品名称\n阿依古丽·买买提,葡萄干\n张伟,葵花籽\n';

  it('reads a GBK file (Chinese Excel) as GB18030, detected', () => {
    const d = decodeText(iconv.encode(names, 'gbk'));
    expect(d).toEqual({ text: names, encoding: 'GB18030', how: 'detected' });
  });

  it.each([['张三\n'], ['name\n李\n'], ['enterpriseId,productName\nx,新疆阿拉山口葵花籽油\n']])('does not take short GBK text %j for Big5', (t) => {
    expect(decodeText(iconv.encode(t, 'gbk'))).toMatchObject({ text: t, encoding: 'GB18030' });
  });

  it('reads traditional Chinese saved as Big5 as Big5', () => {
    const t = '名稱,地址\n香港中文大學,新界沙田\n臺灣銀行,臺北市\n';
    expect(decodeText(iconv.encode(t, 'big5'))).toMatchObject({ text: t, encoding: 'Big5', how: 'detected' });
  });

  it('reads UTF-8 with and without a BOM, and UTF-16 by its BOM', () => {
    expect(decodeText(Buffer.from(names, 'utf8'))).toEqual({ text: names, encoding: 'UTF-8', how: 'UTF-8 valid' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(names)]))).toEqual({ text: names, encoding: 'UTF-8', how: 'BOM' });
    expect(decodeText(iconv.encode(names, 'utf-16le', { addBOM: true }))).toEqual({ text: names, encoding: 'UTF-16LE', how: 'BOM' });
  });

  it('follows --encoding (GBK is GB18030) and refuses an unknown one or bytes it cannot read', () => {
    expect(decodeText(iconv.encode(names, 'gbk'), 'gbk')).toEqual({ text: names, encoding: 'GB18030', how: 'forced' });
    expect(() => decodeText(Buffer.from('x'), 'latin9')).toThrow(/不支持的编码.*unsupported encoding "latin9"/);
    expect(() => decodeText(iconv.encode(names, 'gbk'), 'utf-8')).toThrow(/不是有效的 UTF-8 .* not valid UTF-8/);
  });
});

describe('checkHeader: strict columns', () => {
  const cols = { required: ['a', 'b'], optional: ['c'], aliases: { 金额: 'b' } };

  it('maps headers to columns ignoring case, spaces and a unit in brackets, and through aliases', () => {
    expect([...checkHeader(['A', ' b (元)', 'c'], cols)]).toEqual([['A', 'a'], [' b (元)', 'b'], ['c', 'c']]);
    expect([...checkHeader(['a', '金额（元）'], cols)]).toEqual([['a', 'a'], ['金额（元）', 'b']]);
  });

  it('refuses unknown, repeated and missing columns together, listing the expected ones', () => {
    expect(() => checkHeader(['a', 'x', 'y'], cols)).toThrow('未知列 / unknown column(s): x, y; 缺少必需列 / missing required column(s): b. 应有列 / expected: 必需 / required a, b; 可选 / optional c');
    expect(() => checkHeader(['a', 'b', 'B'], cols)).toThrow(/重复列 \/ repeated column\(s\): B/);
  });

  it('ignores a blank header over an empty column (a trailing comma), not over values', () => {
    const { header, records } = parseCsvTable('a,b,\n1,2,\n');
    expect([...checkHeader(header, cols, records)]).toEqual([['a', 'a'], ['b', 'b']]);
    const t = parseCsvTable('a,b,\n1,2,3\n');
    expect(() => checkHeader(t.header, cols, t.records)).toThrow(/column 3 has no header/);
  });
});
