/** Eligibility by residence (SPEC §14, 方案 二(三)): hand-built lists and residences, no database. */
import { describe, expect, it } from 'vitest';
import {
  notEligibleMessage, presumedResidence, residenceEligible, residentEligible, townshipValidOn, type BorderTownshipEntry,
} from '../../../src/modules/registry/rules';

const LIST: BorderTownshipEntry[] = [
  { county: '652701', township: '小营盘镇', validFrom: '2025-01-01', validTo: null },
  { county: '652723', township: '哈日布呼镇', validFrom: '2025-01-01', validTo: '2025-06-30' },
  { county: '659007', township: '九十团', validFrom: '2025-07-01', validTo: null },
];

describe('residenceEligible', () => {
  it('trusts the list only for the three township counties, and compares its spelling trimmed', () => {
    const odd: BorderTownshipEntry[] = [
      { county: '650102', township: '某镇', validFrom: '2025-01-01', validTo: null },
      { county: '652701', township: ' 小营盘镇 ', validFrom: '2025-01-01', validTo: null },
    ];
    expect(residenceEligible({ county: '650102', township: '某镇' }, odd, '2025-03-01')).toBe(false);
    expect(residenceEligible({ county: null as unknown as string, township: '某镇' }, odd, '2025-03-01')).toBe(false);
    expect(residenceEligible({ county: '652701', township: '小营盘镇' }, odd, '2025-03-01')).toBe(true);
  });
  it.each([
    // 阿拉山口市 qualifies as a whole, whatever the township (or none)
    ['652702', null, '2025-03-01', true],
    ['652702', '艾比湖镇', '2025-03-01', true],
    ['652702', '任何街道', '2030-01-01', true],
    // a border township of 博乐市 on the list
    ['652701', '小营盘镇', '2025-01-01', true],
    ['652701', ' 小营盘镇 ', '2025-03-01', true],
    // a township of 博乐市 not on the list, or none
    ['652701', '青得里街道', '2025-03-01', false],
    ['652701', null, '2025-03-01', false],
    // before the list's first day
    ['652701', '小营盘镇', '2024-12-31', false],
    // validTo is inclusive
    ['652723', '哈日布呼镇', '2025-06-30', true],
    ['652723', '哈日布呼镇', '2025-07-01', false],
    // validFrom is inclusive
    ['659007', '九十团', '2025-06-30', false],
    ['659007', '九十团', '2025-07-01', true],
    // a listed township name under another county does not count
    ['652723', '小营盘镇', '2025-03-01', false],
    // outside the four counties: never, even with a listed township name
    ['110105', '小营盘镇', '2025-03-01', false],
    ['410102', null, '2025-03-01', false],
    [null, null, '2025-03-01', false],
  ] as const)('county %s township %s on %s: %s', (county, township, day, want) => {
    expect(residenceEligible({ county, township }, LIST, day)).toBe(want);
  });

  it('with an empty list only 阿拉山口市 qualifies', () => {
    expect(residenceEligible({ county: '652702', township: null }, [], '2025-03-01')).toBe(true);
    expect(residenceEligible({ county: '652701', township: '小营盘镇' }, [], '2025-03-01')).toBe(false);
  });

  it('residentEligible reads the residence of a resident row, not its ID number', () => {
    const row = { idNumber: '410102199001010017', county: '652702', township: null };
    expect(residentEligible(row, LIST, '2025-03-01')).toBe(true);
    const bole = { idNumber: '652701198512310023', county: '652701', township: '青得里街道' };
    expect(residentEligible(bole, LIST, '2025-03-01')).toBe(false);
  });
});

describe('townshipValidOn', () => {
  it.each([
    ['2024-12-31', false], ['2025-01-01', true], ['2025-06-30', true], ['2025-07-01', false],
  ] as const)('an entry 2025-01-01 … 2025-06-30 on %s: %s', (day, want) => {
    expect(townshipValidOn({ county: '652701', township: 'x', validFrom: '2025-01-01', validTo: '2025-06-30' }, day)).toBe(want);
  });
});

describe('presumedResidence (SPEC §14: from the ID number only for 652702)', () => {
  it.each([
    ['652702199001010011', { county: '652702', township: null }],
    ['652701198512310023', null],
    ['652723198001010019', null],
    ['410102199001010017', null],
  ] as const)('%s → %j', (id, want) => expect(presumedResidence(id)).toEqual(want));
});

describe('notEligibleMessage', () => {
  it('starts in Chinese, names the residence found and what qualifies, with the county\'s listed townships on that date', () => {
    const m = notEligibleMessage({ county: '652701', township: '青得里街道', basis: 'HUKOU' }, LIST, '2025-03-01');
    expect(m).toMatch(/^非边境地区边民/);
    expect(m).toContain('青得里街道');
    expect(m).toContain('户籍 HUKOU');
    expect(m).toContain('阿拉山口市 (652702)');
    expect(m).toContain('小营盘镇');
    expect(m).toContain('2025-03-01');
  });
});
