/**
 * CSV in and out of the hub. Reading: bytes → text in the file's encoding (decodeText: a CSV saved
 * by Chinese Excel is GBK, not UTF-8), RFC 4180 records, and a header checked against the columns an
 * import kind knows (checkHeader: an unknown or missing column refuses the file before anything is
 * stored). Writing: toCsv with formula neutralisation.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** The encodings an import file may be in; GBK and GB2312 are read as their superset GB18030. */
export const CSV_ENCODINGS = ['UTF-8', 'GB18030', 'Big5', 'UTF-16LE', 'UTF-16BE'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** A file that cannot be read as text: the message is shown to the user as is. */
export class CsvError extends Error {
  override name = 'CsvError';
}

const ALIASES: Record<string, CsvEncoding> = {
  utf8: 'UTF-8', 'utf-8': 'UTF-8', gb18030: 'GB18030', gbk: 'GB18030', gb2312: 'GB18030', cp936: 'GB18030',
  big5: 'Big5', 'big5-hkscs': 'Big5', cp950: 'Big5', 'utf-16le': 'UTF-16LE', 'utf16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'utf16be': 'UTF-16BE',
};

/** `--encoding gbk` → 'GB18030'; null for a name the hub does not read. */
export function encodingByName(name: string): CsvEncoding | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
  /** How the encoding was decided: a byte-order mark, valid UTF-8, chardet's guess, or --encoding. */
  how: 'BOM' | 'UTF-8 valid' | 'detected' | 'forced';
}

/**
 * The text of an import file. A BOM decides (UTF-8, UTF-16); bytes that are valid UTF-8 are UTF-8;
 * otherwise chardet chooses between the Chinese encodings (GB18030, which reads GBK and GB2312, or
 * Big5), GB18030 when it cannot tell (what Chinese Excel and WPS save as "CSV"). Bytes the chosen
 * encoding cannot read refuse the file rather than storing replacement characters.
 */
export function decodeText(bytes: Uint8Array, forced?: string): DecodedText {
  let encoding: CsvEncoding;
  let how: DecodedText['how'];
  let body = bytes;
  if (forced !== undefined) {
    const e = encodingByName(forced);
    if (!e) throw new CsvError(`不支持的编码 ${forced} / unsupported encoding "${forced}": use one of UTF-8, GBK, GB18030, Big5, UTF-16LE, UTF-16BE`);
    encoding = e;
    how = 'forced';
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'UTF-8'; how = 'BOM';
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'UTF-16LE'; how = 'BOM';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'UTF-16BE'; how = 'BOM';
  } else if (isUtf8(bytes)) {
    encoding = 'UTF-8'; how = 'UTF-8 valid';
  } else {
    encoding = chineseEncoding(bytes);
    how = 'detected';
  }
  if (encoding === 'UTF-8' && how !== 'forced' && bytes[0] === 0xef) body = bytes.subarray(3);
  let text: string;
  if (encoding === 'UTF-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new CsvError('文件不是有效的 UTF-8 / the file is not valid UTF-8: save it as "CSV UTF-8", or pass --encoding GBK');
    }
  } else {
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding);
    if (text.includes('\uFFFD')) {
      const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
      throw new CsvError(`文件第 ${line} 行不是有效的 ${encoding} / line ${line} is not valid ${encoding}: pass the right --encoding (UTF-8, GBK, Big5)`);
    }
  }
  return { text: text.replace(/^\uFEFF/, ''), encoding, how };
}

/**
 * GB18030 or Big5 for bytes that are not UTF-8. chardet alone is unreliable on short files (a
 * column of GBK names is often "Big5" to it), so its Big5 verdict is kept only when the text read
 * as Big5 is made of more common traditional characters (Big5 level 1) than the text read as
 * GB18030 is of common simplified ones (GB2312): mojibake is made of rare characters. Ties go to
 * GB18030, what Chinese Excel and WPS save in mainland China.
 */
function chineseEncoding(bytes: Uint8Array): 'GB18030' | 'Big5' {
  const ranked = chardet.analyse(bytes).filter((m) => m.name === 'GB18030' || m.name === 'Big5');
  if (ranked[0]?.name !== 'Big5') return 'GB18030';
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sets = commonSets();
  const share = (text: string, common: Set<string>) => {
    const chars = [...text].filter((c) => c.codePointAt(0)! >= 0x80 && c !== '\uFFFD');
    const bad = text.includes('\uFFFD');
    return bad || !chars.length ? 0 : chars.filter((c) => common.has(c)).length / chars.length;
  };
  return share(iconv.decode(buf, 'Big5'), sets.big5) > share(iconv.decode(buf, 'GB18030'), sets.gb2312) ? 'Big5' : 'GB18030';
}

let sets: { gb2312: Set<string>; big5: Set<string> } | undefined;
/** The characters of GB2312 (B0A1–F7FE, simplified) and of Big5 level 1 (A440–C67E, 常用字). */
function commonSets() {
  if (sets) return sets;
  const gb2312 = new Set<string>();
  const big5 = new Set<string>();
  for (let lead = 0xb0; lead <= 0xf7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) gb2312.add(iconv.decode(Buffer.from([lead, trail]), 'GB18030'));
  }
  for (let lead = 0xa4; lead <= 0xc6; lead++) {
    for (const [from, to] of [[0x40, 0x7e], [0xa1, 0xfe]] as const) {
      for (let trail = from; trail <= to; trail++) {
        if (lead === 0xc6 && trail > 0x7e) break;
        big5.add(iconv.decode(Buffer.from([lead, trail]), 'Big5'));
      }
    }
  }
  gb2312.delete('\uFFFD');
  big5.delete('\uFFFD');
  return (sets = { gb2312, big5 });
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; the first row is the header. */
export function parseCsv(text: string): Record<string, string>[] {
  return parseCsvTable(text).records;
}

/** The header (trimmed, as written) and the records keyed by it. */
export function parseCsvTable(text: string): { header: string[]; records: Record<string, string>[] } {
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') records.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); records.push(row); }
  const [rawHeader, ...body] = records;
  if (!rawHeader) return { header: [], records: [] };
  const header = rawHeader.map((h) => h.trim());
  return { header, records: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/** The columns an import kind reads: required ones, optional ones, and other names for them (Chinese headers). */
export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
  /** header as written → column name, e.g. { 报关单号: 'declarationNo' }. */
  aliases?: Readonly<Record<string, string>>;
}

/**
 * Checks a header against the columns of an import kind and returns, for each header, the column
 * it names (headers match ignoring case, spaces and a trailing unit in brackets, or through an alias). Unknown, repeated and missing
 * required columns are reported together, bilingually, with the expected columns. A blank header
 * over an empty column (a trailing comma from Excel) is ignored.
 */
export function checkHeader(header: string[], columns: CsvColumns, records: Record<string, string>[] = []): Map<string, string> {
  const known = new Map<string, string>();
  for (const c of [...columns.required, ...columns.optional]) known.set(headerKey(c), c);
  for (const [alias, c] of Object.entries(columns.aliases ?? {})) known.set(headerKey(alias), c);
  const mapping = new Map<string, string>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((h, i) => {
    if (h === '') {
      if (records.some((r) => (r[h] ?? '').trim() !== '')) unknown.push(`(第 ${i + 1} 列无表头 / column ${i + 1} has no header)`);
      return;
    }
    const c = known.get(headerKey(h));
    if (!c) unknown.push(h);
    else if ([...mapping.values()].includes(c)) repeated.push(h);
    else mapping.set(h, c);
  });
  const present = new Set(mapping.values());
  const missing = columns.required.filter((c) => !present.has(c));
  if (!unknown.length && !repeated.length && !missing.length) return mapping;
  const problems = [
    unknown.length ? `未知列 / unknown column(s): ${unknown.join(', ')}` : '',
    repeated.length ? `重复列 / repeated column(s): ${repeated.join(', ')}` : '',
    missing.length ? `缺少必需列 / missing required column(s): ${missing.join(', ')}` : '',
  ].filter(Boolean);
  throw new CsvError(`CSV 表头有误，未导入任何行 / bad CSV header, nothing imported — ${problems.join('; ')}. `
    + `应有列 / expected: 必需 / required ${columns.required.join(', ')}; 可选 / optional ${columns.optional.join(', ') || '—'}`
    + (columns.aliases && Object.keys(columns.aliases).length ? `; 中文表头 / Chinese headers ${Object.keys(columns.aliases).join(', ')}` : ''));
}

/** A header as compared: case, spaces and a trailing unit in brackets ("金额（元）", "quantity (kg)") do not count. */
const headerKey = (h: string) => h.toLowerCase().replace(/\s+/g, '').replace(/[（(][^（()）]*[）)]$/, '');

/** Records keyed by the column names of `mapping` (checkHeader's answer). */
export function renameColumns(records: Record<string, string>[], mapping: Map<string, string>): Record<string, string>[] {
  return records.map((r) => Object.fromEntries([...mapping].map(([h, c]) => [c, r[h] ?? ''])));
}

export function toCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    const s = neutralise(v == null ? '' : String(v));
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/**
 * A text cell that Excel or WPS would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (OWASP "CSV injection"); plain numbers such as -12.50 stay numbers.
 */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}
