/** Every vector of reference/checksums.md, plus the format rules of SPEC §4. */
import { describe, expect, it } from 'vitest';
import {
  BORDER_COUNTIES, contractCovers, contractValidOn, countyOfIdNumber, formatFilingNo, idCheckChar, isBorderCounty, isValidCountyCode,
  isValidHsCode, isValidIdNumber, isValidLandline, isValidMobile, isValidPhone, isValidPostalCode, isValidUscc,
  normalizeIdNumber, normalizeMobile, normalizePhone, normalizeUscc, usccCheckChar,
} from '../../../src/modules/registry/rules';

describe('USCC (GB 32100-2015)', () => {
  it.each([
    ['91652702MA7Q2K3B8L', true, 'enterprise, Alashankou'],
    ['93652702MA8C4D1E0Q', true, "farmers' cooperative, Alashankou"],
    ['91652701MA9R5T7W0E', true, 'enterprise, Bole'],
    ['91350100M000100Y43', true, 'widely published example'],
    ['91652702MA7Q2K3B8M', false, 'wrong check character'],
    ['91652702MAOQ2K3B8L', false, 'contains O'],
    ['91652702MA7Q2K3B8', false, '17 characters'],
  ])('%s is valid: %s (%s)', (code, valid) => {
    expect(isValidUscc(code)).toBe(valid);
  });

  it.each([
    ['91652702MA7Q2K3B8LX', '19 characters'],
    ['91652702MA7Q2K3B8I', 'contains I'],
    ['91652702MA7Q2K3BSL', 'contains S'],
    ['91652702MA7Q2K3BVL', 'contains V'],
    ['91652702MA7Q2K3BZL', 'contains Z'],
    ['', 'empty'],
  ])('%s is invalid (%s)', (code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it('accepts lowercase and surrounding spaces, and normalises to trimmed uppercase', () => {
    expect(isValidUscc(' 91652702ma7q2k3b8l ')).toBe(true);
    expect(normalizeUscc(' 91652702ma7q2k3b8l ')).toBe('91652702MA7Q2K3B8L');
  });

  it('computes the check character from the weights 3^i mod 31', () => {
    expect(usccCheckChar('91652702MA7Q2K3B8')).toBe('L');
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91652702MAOQ2K3B8')).toBeNull();
  });
});

describe('resident ID number (GB 11643-1999)', () => {
  it.each([
    ['652702199001010011', true, ''],
    ['652701198512310023', true, ''],
    ['652702200002290030', true, 'leap day'],
    ['65270219800101005X', true, 'check X'],
    ['11010519491231002X', true, 'widely published example'],
    ['652702199001010012', false, 'wrong check'],
    ['652702198502300012', false, '1985-02-30 does not exist'],
    ['65270219900101001', false, '17 characters'],
  ])('%s is valid: %s %s', (id, valid) => {
    expect(isValidIdNumber(id)).toBe(valid);
  });

  it('accepts a lowercase x and stores it uppercase', () => {
    expect(isValidIdNumber('65270219800101005x')).toBe(true);
    expect(normalizeIdNumber('65270219800101005x')).toBe('65270219800101005X');
  });

  it('rejects the 15-digit first-generation form', () => {
    expect(isValidIdNumber('652702900101001')).toBe(false);
  });

  it('rejects 19 characters, letters other than X, and an X before the last position', () => {
    expect(isValidIdNumber('6527021990010100110')).toBe(false);
    expect(isValidIdNumber('65270219800101005Y')).toBe(false);
    expect(isValidIdNumber('6527021980010100X5')).toBe(false);
  });

  it('rejects a 29 February outside a leap year even with a matching check digit', () => {
    const first17 = '65270219000229003'; // 1900 is not a leap year
    expect(isValidIdNumber(first17 + idCheckChar(first17))).toBe(false);
    const leap17 = '65270220000229003';
    expect(isValidIdNumber(leap17 + idCheckChar(leap17))).toBe(true);
  });

  it('rejects month 13 and day 00 with a matching check digit', () => {
    for (const first17 of ['65270219901301001', '65270219900100001']) {
      expect(isValidIdNumber(first17 + idCheckChar(first17))).toBe(false);
    }
  });

  it('reads the issuing county from the first six digits (used only to presume an Alashankou residence)', () => {
    expect(countyOfIdNumber('652701198512310023')).toBe('652701');
  });
});

describe('border counties', () => {
  it.each(['652702', '652701', '652723', '659007'])('%s is a border county', (c) => {
    expect(isBorderCounty(c)).toBe(true);
  });
  it.each(['110105', '652700', '650100', ''])('%s is not a border county', (c) => {
    expect(isBorderCounty(c)).toBe(false);
  });
  it('has exactly the four counties of SPEC §4', () => {
    expect(Object.keys(BORDER_COUNTIES).sort()).toEqual(['652701', '652702', '652723', '659007']);
  });
  it.each([['652702', true], ['65270', false], ['6527021', false], ['65270A', false]])('county code %s is well-formed: %s', (c, ok) => {
    expect(isValidCountyCode(c)).toBe(ok);
  });
});

describe('mobile, landline, postal code', () => {
  it.each([
    ['13912345678', true],
    ['+8613912345678', true],
    ['+86 139 1234 5678', true],
    ['0086 139-1234-5678', true],
    ['19912345678', true],
    ['12912345678', false],
    ['1391234567', false],
    ['139123456789', false],
    ['23912345678', false],
  ])('mobile %s is valid: %s', (m, ok) => {
    expect(isValidMobile(m)).toBe(ok);
  });

  it('strips +86 and spaces from a mobile number', () => {
    expect(normalizeMobile('+86 139 1234 5678')).toBe('13912345678');
    expect(normalizePhone('+86 139 1234 5678')).toBe('13912345678');
  });

  it.each([
    ['0909-6991234', true],
    ['09096991234', true],
    ['0909-69912345', true],
    ['0909 6991234', true],
    ['0991-6991234', false],
    ['0909-699123', false],
    ['0909-699123456', false],
  ])('Bortala landline %s is valid: %s', (l, ok) => {
    expect(isValidLandline(l)).toBe(ok);
  });

  it('accepts either form as a phone and keeps a landline as given without spaces', () => {
    expect(isValidPhone('0909-6991234')).toBe(true);
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
    expect(normalizePhone('0909 6991234')).toBe('09096991234');
  });

  it.each([['833418', true], ['833400', true], ['83341', false], ['8334180', false], ['83341a', false]])(
    'postal code %s is valid: %s', (p, ok) => {
      expect(isValidPostalCode(p)).toBe(ok);
    });
});

describe('filing numbers, HS codes, contract coverage', () => {
  it.each([
    ['E', 2025, 1, 'ALSK-E-2025-0001'],
    ['E', 2026, 42, 'ALSK-E-2026-0042'],
    ['C', 2025, 9999, 'ALSK-C-2025-9999'],
  ] as const)('formatFilingNo(%s, %i, %i) is %s', (kind, year, n, want) => {
    expect(formatFilingNo(kind, year, n)).toBe(want);
    expect(want).toMatch(/^ALSK-[EC]-\d{4}-\d{4}$/);
  });

  it.each([['12', true], ['1206', true], ['1206100000', true], ['1', false], ['12061000001', false], ['12.06', false]])(
    'HS code %s is valid: %s', (c, ok) => {
      expect(isValidHsCode(c)).toBe(ok);
    });

  it.each([
    [['1206'], '12060010', true],
    [['0802', '1206'], '120600', true],
    [['1206'], '1205', false],
    [['120610'], '1206', false],
  ])('contract %j covers %s: %s', (codes, hs, ok) => {
    expect(contractCovers(codes, hs)).toBe(ok);
  });
});

describe('more edges of the registry formats (mutation testing)', () => {
  // Check digits computed by hand with the GB 11643 weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2:
  // 65270219000101001 → Σ = 177, 177 mod 11 = 1 → '0'; 65270218991231001 → Σ = 303, mod 11 = 6 → '6'.
  it.each([
    ['652702190001010010', true, 'born 1900-01-01, the earliest accepted birth date'],
    ['652702189912310016', false, 'born 1899-12-31: correct check digit, but not a plausible birth date'],
    [' 652702199001010011 ', true, 'surrounding spaces'],
  ])('ID number %j is valid: %s (%s)', (id, valid) => {
    expect(isValidIdNumber(id)).toBe(valid);
  });

  it('normalises an ID number to trimmed uppercase', () => {
    expect(normalizeIdNumber(' 65270219800101005x ')).toBe('65270219800101005X');
  });

  it.each([
    ['13900861234', true, 'a mobile with 0086 inside it is not a prefixed one'],
    ['13986123456', true, 'a mobile with 86 inside'],
    ['013912345678', false, 'a leading 0'],
    ['x13912345678', false, 'a leading letter'],
  ])('mobile %s is valid: %s (%s)', (m, ok) => {
    expect(isValidMobile(m)).toBe(ok);
  });

  it('strips only a leading +86 or 0086', () => {
    expect(normalizeMobile('13900861234')).toBe('13900861234');
    expect(normalizeMobile('008613900861234')).toBe('13900861234');
  });

  it.each([['10909-6991234', false], ['x0909-6991234', false]])('Bortala landline %s is valid: %s', (l, ok) => {
    expect(isValidLandline(l)).toBe(ok);
  });

  it('accepts a postal code with surrounding spaces (stored trimmed)', () => {
    expect(isValidPostalCode(' 833418 ')).toBe(true);
  });

  it.each([['652702', 'Alashankou'], ['652701', 'Bole'], ['652723', 'Wenquan'], ['659007', 'Shuanghe']])(
    'border county %s is labelled %s (SPEC §4)', (code, name) => {
      expect(BORDER_COUNTIES[code]).toContain(name);
    });
});

describe('contractValidOn (the rule customs applies to every landing declaration)', () => {
  const c = (terminatedOn: string | null = null) => ({ validFrom: '2025-01-01', validTo: '2025-12-31', terminatedOn });
  it.each([
    ['2024-12-31', null, false], ['2025-01-01', null, true], ['2025-12-31', null, true], ['2026-01-01', null, false],
    // terminatedOn is the first day without the contract (a supervision action ended it that day)
    ['2025-06-09', '2025-06-10', true], ['2025-06-10', '2025-06-10', false], ['2025-07-01', '2025-06-10', false],
  ] as const)('on %s (terminated %s): %s', (day, terminatedOn, ok) => expect(contractValidOn(c(terminatedOn), day)).toBe(ok));
});
