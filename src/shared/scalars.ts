import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { D, parseMoney } from './decimal';
import { isValidDate } from './time';

const literal = (ast: ValueNode): unknown =>
  ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT
    ? ast.kind === Kind.STRING ? ast.value : Number(ast.value)
    : undefined;

/** Money in yuan: exactly two decimals as a string on output; string or number on input. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: '金额（元） / amount in yuan: a string with exactly 2 decimals ("1234.50"); inputs accept a string or a number, strings are exact',
  serialize: (v) => new D(v as string).toFixed(2, D.ROUND_HALF_UP),
  parseValue: (v) => parseMoney(v),
  parseLiteral: (ast) => parseMoney(literal(ast)),
});

function parseDate(v: unknown): string {
  if (typeof v !== 'string' || !isValidDate(v)) throw new TypeError(`"${String(v)}" is not a calendar date YYYY-MM-DD`);
  return v;
}

/** A calendar date (Beijing), kept as the string YYYY-MM-DD end to end. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期 / calendar date, YYYY-MM-DD (Beijing time)',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literal(ast)),
});

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
function parseDateTime(v: unknown): Date {
  if (typeof v !== 'string' || !DATETIME_RE.test(v) || Number.isNaN(Date.parse(v))) {
    throw new TypeError(`"${String(v)}" is not an ISO-8601 date-time with offset (e.g. 2025-03-01T09:30:00+08:00)`);
  }
  return new Date(v);
}

/** An instant, ISO-8601 with offset; output in UTC (Z). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: '时间 / instant, ISO-8601 with offset (e.g. 2025-03-01T09:30:00+08:00)',
  serialize: (v) => (v instanceof Date ? v : new Date(v as string)).toISOString(),
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
