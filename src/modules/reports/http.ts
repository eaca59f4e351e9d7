/**
 * /reports (SPEC §2): the report page for the commerce bureaus, its JSON data and the CSV/XLSX
 * downloads. Everything but the page itself needs `Authorization: Bearer`, and the same agency
 * rules as the GraphQL fields apply (row scope in service.ts; quota figures withheld from
 * ENTERPRISE and COOPERATIVE, §9 "aggregates").
 */
import express, { type Request, type Response } from 'express';
import type { Viewer } from '../../authz/agencies';
import type { Database } from '../../db/client';
import { DomainError, badInput } from '../../shared/errors';
import { beijingToday, isValidDate } from '../../shared/time';
import { discrepancyCounts as custodyCounts } from '../custody';
import { commodityNamesByHsCode } from '../customs';
import { buildReport, mayRead, parseGroupBy, REPORT_NAMES, renderReport, type ReportName } from './export';
import { chainPage } from './chain-page';
import { reportPage } from './page';
import * as service from './service';
import { TradeDimension } from './types';

type AuthedRequest = Request & { viewer?: Viewer };

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

function sendError(res: Response, e: unknown) {
  if (e instanceof DomainError) {
    const code = e.extensions.code;
    return void res.status(code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : 400).json({ errors: [{ message: e.message, extensions: e.extensions }] });
  }
  res.status(500).json({ errors: [{ message: '服务器内部错误 / Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function yearOf(q: Request['query']): number {
  const y = Number(one(q.year) ?? beijingToday().slice(0, 4));
  if (!Number.isInteger(y)) throw badInput('year', 'INVALID_VALUE', 'year is a four-digit year, e.g. ?year=2025.');
  return y;
}

/** `authenticate` is the hub's own Bearer check (app.ts): it sets req.viewer or answers 401. */
export function reportsRouter({ database, authenticate }: { database: Database; authenticate: express.RequestHandler }): express.Router {
  const router = express.Router();
  const db = database.db;

  // The page carries no data; it asks for a token and fetches /reports/data.json with it.
  router.get('/', (_req, res) => {
    res.setHeader('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'");
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(reportPage());
  });

  // One enterprise's chain of custody (SPEC §13), same rules: the page holds no data.
  router.get('/chain', (_req, res) => {
    res.setHeader('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'");
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(chainPage());
  });

  router.get('/data.json', authenticate, async (req: AuthedRequest, res) => {
    try {
      const viewer = req.viewer!;
      // Without ?year the page opens on the latest year with a plan or declarations (not an empty current year).
      const year = one(req.query.year) != null ? yearOf(req.query) : await service.latestYearWithData({ db, viewer });
      const today = beijingToday();
      const asOfParam = one(req.query.asOf);
      if (asOfParam && !isValidDate(asOfParam)) throw badInput('asOf', 'INVALID_VALUE', 'asOf is a date YYYY-MM-DD.');
      const asOf = asOfParam ?? (today > `${year}-12-31` ? `${year}-12-31` : today);
      // Each panel follows its GraphQL field's row of the matrix (SPEC §9): ENTERPRISE and
      // COOPERATIVE get nothing of the city's aggregates, but their own figures: the assessment
      // row and the monthly values of their own declarations (the declaration class is theirs),
      // so the page never says "no declarations" beside the enterprise's own import figure.
      const own = viewer.agency === 'ENTERPRISE' || viewer.agency === 'COOPERATIVE';
      const [quota, commodityMonthly, assessments, discrepancyCounts] = await Promise.all([
        mayRead(viewer, 'quotaStatus') ? service.quotaOverview({ db }, year, asOf) : null,
        mayRead(viewer, 'tradeStats') || own
          // row-scoped to the viewer's own declarations inside tradeStats (reports/policy.ts)
          ? service.tradeStats({ db, viewer }, { from: `${year}-01-01`, to: `${year}-12-31`, groupBy: [TradeDimension.MONTH, TradeDimension.COMMODITY], purpose: 'LANDING_PROCESSING' })
          : [],
        service.enterpriseAssessments({ db, viewer }, year),
        // chain of custody (SPEC §13): counts by kind and month, in the viewer's kind and row scope
        mayRead(viewer, 'discrepancyCounts') ? custodyCounts({ db, viewer }, `${year}-01-01`, `${year}-12-31`) : [],
      ]);
      const codes = [...new Set(commodityMonthly.map((r) => r.hsCode!))];
      const names = await commodityNamesByHsCode(db, codes);
      res.json({
        viewer: { agency: viewer.agency, org: viewer.org }, year, asOf, quota, commodityScope: own ? 'OWN' : 'CITY',
        commodityMonthly: commodityMonthly.map((r) => ({ month: r.month, hsCode: r.hsCode, valueYuan: r.valueYuan })),
        commodityNames: Object.fromEntries(names.map((n) => [n.h, n.name])),
        assessments, discrepancyCounts,
      });
    } catch (e) {
      sendError(res, e);
    }
  });

  router.get('/:file', authenticate, async (req: AuthedRequest, res) => {
    const m = /^([a-z-]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    if (!m || !REPORT_NAMES.includes(m[1] as ReportName)) {
      return void res.status(404).json({ errors: [{ message: `未找到报表 / No report ${req.params.file}; try ${REPORT_NAMES.map((n) => `${n}.xlsx`).join(', ')}.`, extensions: { code: 'NOT_FOUND' } }] });
    }
    const [, name, format] = m as unknown as [string, ReportName, 'csv' | 'xlsx'];
    try {
      const q = req.query;
      const purpose = one(q.purpose)?.toUpperCase();
      if (purpose && purpose !== 'LANDING_PROCESSING' && purpose !== 'MARKET_SALE') throw badInput('purpose', 'INVALID_VALUE', 'purpose is LANDING_PROCESSING or MARKET_SALE.');
      const report = await buildReport({ db, viewer: req.viewer! }, name, {
        year: q.year != null ? yearOf(q) : undefined, period: one(q.period), from: one(q.from), to: one(q.to),
        groupBy: parseGroupBy(one(q.groupBy)), purpose: (purpose as 'LANDING_PROCESSING' | 'MARKET_SALE' | undefined) ?? null,
      });
      const body = await renderReport(report, format);
      const suffix = one(q.year) ?? one(q.period) ?? [one(q.from), one(q.to)].filter(Boolean).join('_');
      res.setHeader('content-type', CONTENT_TYPES[format]);
      res.setHeader('content-disposition', `attachment; filename="${name}${suffix ? `-${suffix.replace(/[^\w-]/g, '')}` : ''}.${format}"`);
      res.send(body);
    } catch (e) {
      sendError(res, e);
    }
  });

  return router;
}
