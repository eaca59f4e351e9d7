import { describe, expect, it } from 'vitest';
import { neutralise, parseCsv, toCsv } from '../../../src/shared/csv';

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
