import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { D, parseMoney } from './decimal';
import { beijingDate, beijingIso, isValidDate } from './time';

const literal = (ast: ValueNode): unknown =>
  ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT
    ? ast.kind === Kind.STRING ? ast.value : Number(ast.value)
    : undefined;

/**
 * A numeric literal is exact decimal text in the document: read it with decimal.js, never through a
 * float, so `1234567890123456.78` is not silently rounded to `…456.80`.
 */
const moneyLiteral = (ast: ValueNode): unknown =>
  ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? new D(ast.value).toFixed() : literal(ast);

/** What new D(v).toFixed(2) returns unchanged (no leading zeros, no sign but '-', two decimals; not -0.00, printed 0.00). */
const MONEY_TEXT_RE = /^-?(0|[1-9]\d*)\.\d{2}$/;

/** Money in yuan: exactly two decimals as a string on output; string or number on input. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: '金额（元） / amount in yuan: a string with exactly 2 decimals ("1234.50"); inputs accept a string or a number, strings are exact',
  // Text with exactly 2 decimals (numeric(18,2) columns, sums cast to it) is already its own output.
  serialize: (v) => (typeof v === 'string' && MONEY_TEXT_RE.test(v) && v !== '-0.00' ? v : new D(v as string).toFixed(2, D.ROUND_HALF_UP)),
  parseValue: (v) => parseMoney(v),
  parseLiteral: (ast) => parseMoney(moneyLiteral(ast)),
});

function parseDate(v: unknown): string {
  if (typeof v !== 'string' || !isValidDate(v)) throw new TypeError(`"${String(v)}" is not a calendar date YYYY-MM-DD`);
  return v;
}

/** A calendar date (Beijing), kept as the string YYYY-MM-DD end to end. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期 / calendar date, YYYY-MM-DD (Beijing time)',
  // An instant is shown as its Beijing calendar date (SPEC §3), not its UTC one.
  serialize: (v) => (v instanceof Date ? beijingDate(v) : String(v)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literal(ast)),
});

const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
function parseDateTime(v: unknown): Date {
  // Date.parse alone accepts 2025-02-30 (as 2 March) and 24:00: check the calendar date ourselves.
  const m = typeof v === 'string' ? DATETIME_RE.exec(v) : null;
  if (!m || !isValidDate(m[1]!) || Number.isNaN(Date.parse(v as string))) {
    throw new TypeError(`"${String(v)}" is not an ISO-8601 date-time with offset (e.g. 2025-03-01T09:30:00+08:00)`);
  }
  return new Date(v as string);
}

/** Exactly what beijingIso prints: rows read with db/printed.ts carry it already (no Date per row). */
const BEIJING_ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;

/** An instant, ISO-8601 with offset; output in Beijing time (+08:00), the time our users read. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: '时间 / instant, ISO-8601 with offset (e.g. 2025-03-01T09:30:00+08:00)',
  serialize: (v) => (typeof v === 'string' && BEIJING_ISO_RE.test(v) ? v : beijingIso(v instanceof Date ? v : new Date(v as string))),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literal(ast)),
});

function parsePeriod(v: unknown): string {
  if (typeof v !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new TypeError(`"${String(v)}" is not a period YYYY-MM`);
  return v;
}

export const PeriodScalar = new GraphQLScalarType<string, string>({
  name: 'Period',
  description: '期间 / reporting month, YYYY-MM (Beijing time)',
  serialize: (v) => String(v),
  parseValue: parsePeriod,
  parseLiteral: (ast) => parsePeriod(literal(ast)),
});
