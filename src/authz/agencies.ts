/** The agencies of SPEC §1: the `agency` claim of every token and the `source` of every row. */
export const AGENCIES = [
  'COMMERCE',
  'PREFECTURE_COMMERCE',
  'CUSTOMS',
  'TAX',
  'MARKET_REGULATION',
  'OPERATOR',
  'ENTERPRISE',
  'COOPERATIVE',
  'ANALYST',
  'AUDITOR',
] as const;

export type Agency = (typeof AGENCIES)[number];

export const isAgency = (v: unknown): v is Agency => typeof v === 'string' && (AGENCIES as readonly string[]).includes(v);

/** Agencies whose token names an organisation and who see only its rows (SPEC §9 row scope). */
export const ORG_AGENCIES: readonly Agency[] = ['ENTERPRISE', 'COOPERATIVE'];

export const AGENCY_LABELS: Record<Agency, string> = {
  COMMERCE: '阿拉山口市商务和口岸管理局 / Alashankou commerce and port bureau',
  PREFECTURE_COMMERCE: '自治州商务局 / prefecture commerce bureau',
  CUSTOMS: '阿拉山口海关 / Alashankou customs',
  TAX: '税务局 / tax bureau',
  MARKET_REGULATION: '市场监管局 / market regulation bureau',
  OPERATOR: '边民互市运营公司 / border-trade platform operator',
  ENTERPRISE: '加工企业 / processing enterprise',
  COOPERATIVE: '边民合作社/互助组 / border-resident cooperative or mutual-aid group',
  ANALYST: '数据分析人员 / analyst (aggregates only)',
  AUDITOR: '数据安全管理员 / data-security auditor',
};

/** Who is calling: taken from a verified token only. */
export interface Viewer {
  sub: string;
  agency: Agency;
  /** Enterprise id for ENTERPRISE, cooperative id for COOPERATIVE; null otherwise. */
  org: string | null;
}

/** The viewer's organisation for row scope; a nil UUID (matches no row) when the token names none. */
export const orgOf = (v: Viewer) => v.org ?? '00000000-0000-0000-0000-000000000000';
