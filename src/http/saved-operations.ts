/**
 * Example operations offered in GraphiQL, one per user of the hub (SPEC §1). Field names are those
 * of SPEC §12; the README walkthrough shows the same queries with their tokens.
 */
export interface SavedOperation {
  /** Shown in the picker. */
  label: string;
  /** The agency whose token the example is meant for. */
  agency: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const SAVED_OPERATIONS: SavedOperation[] = [
  {
    label: '起步 / Who am I (any agency)',
    agency: 'CUSTOMS',
    query: `# 当前令牌与企业总数 / who the token says you are, and how many enterprises you can see
query WhoAmI {
  me { sub agency org }
  enterprises(first: 5) { totalCount }
}
`,
  },
  {
    label: '海关 / Customs: filed processors of HS 1206 and their inbound declarations',
    agency: 'CUSTOMS',
    query: `# 海关：已备案的葵花籽（HS 1206）加工企业、其合作社，以及期间入厂申报合计
# Customs: filed (or warned) processors of sunflower seed, their cooperatives and inbound declarations
query CustomsProcessors($from: Date!, $to: Date!) {
  enterprises(filter: { status: [FILED, WARNED], hsCode: "1206" }, first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name uscc filingNo status
        contracts { hsCodes validFrom validTo cooperative { name filingNo } }
        inboundDeclarations(from: $from, to: $to) { count valueYuan }
      }
    }
  }
}
`,
    variables: { from: '2025-10-01', to: '2025-10-31' },
  },
  {
    label: '税务 / Tax: ledger summaries of one month',
    agency: 'TAX',
    query: `# 税务：加工企业某月台账汇总（增值率、残损率、原料直接销售额）
# Tax: each processing enterprise's ledger summary for a month
query TaxLedgerSummaries($period: Period!) {
  ledgerSummaries(period: $period) {
    enterprise { id name uscc }
    valueAddRate
    lossRate
    rawSoldYuan
  }
}
`,
    variables: { period: '2025-10' },
  },
  {
    label: '自治州商务局 / Prefecture commerce: quota status',
    agency: 'PREFECTURE_COMMERCE',
    query: `# 自治州商务局：年度落地加工额度消耗与预警
# Prefecture commerce: consumption of the year's landing-processing quota, and the early warning
query PrefectureQuotaStatus($year: Int!) {
  quotaStatus(year: $year) {
    consumedYuan
    consumptionRatio
    remainingYuan
    monthsElapsed
    projectedAnnualYuan
    warning
    importConsumedYuan
    importConsumptionRatio
  }
}
`,
    variables: { year: 2025 },
  },
  {
    label: '分析人员 / Analyst: trade statistics by month and commodity',
    agency: 'ANALYST',
    query: `# 分析人员：按月、按商品（HS 编码）汇总的互市贸易统计（仅聚合数据）
# Analyst: border-trade statistics grouped by month and commodity (aggregates only)
query AnalystTradeStats($from: Date!, $to: Date!) {
  tradeStats(from: $from, to: $to, groupBy: [MONTH, COMMODITY]) {
    month
    hsCode
    declarationCount
    valueYuan
    quantityKg
  }
}
`,
    variables: { from: '2025-01-01', to: '2025-12-31' },
  },
  {
    label: '市场监管 / Market regulation: open discrepancies of the chain of custody (底账核销)',
    agency: 'MARKET_REGULATION',
    query: `# 市场监管：截至今日未处理的全链条差异（放行未入厂、铅封破损、入库超申报、负库存、库存不符、原料直销、漏报、增值率不达标）
# Market regulation: open discrepancies of the chain of custody, newest first
query OpenDiscrepancies {
  discrepancies(filter: { open: true }, first: 50) {
    totalCount
    edges { node { id kind subjectType subject declarationNo period expected actual detectedOn } }
  }
}
`,
  },
  {
    label: '海关 / Customs: what changed since my last sync (change feed)',
    agency: 'CUSTOMS',
    query: `# 海关：自上次同步以来的变更（按提交顺序，不会遗漏）；保存 endCursor，下次作为 after 传入
# Customs: changes since the last sync, in commit order; keep endCursor and pass it as after next time
query ChangesSince($after: String) {
  changes(after: $after, first: 100) {
    edges { cursor node { seq entity id op at } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
];
