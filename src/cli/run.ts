/**
 * The frame every command line tool (and `npm start`, src/main.ts) runs in: flags parsed by
 * `node:util parseArgs` in strict mode, and expected failures turned into one line that says what
 * to do — Chinese first — instead of a stack trace. Exit codes: 2 = the command line was wrong
 * (the usage follows), 1 = the command could not do its job.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config';
import { DatabaseBusyError } from '../db/client';
import { databaseTrouble, pgError } from '../db/errors';
import { CsvError } from '../shared/csv';

/** The command line was wrong: the message, then the usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command could not do its job for a reason the user can fix: one line, exit 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** The usage text printed after a usage error and for --help. */
  usage: string;
  options: O;
  /** How many positional arguments the command takes (default none). */
  positionals?: { min?: number; max: number };
}

/**
 * parseArgs, strict: an unknown flag, a flag without its value or a stray argument is a UsageError
 * with a bilingual message; `--help`/`-h` prints the usage and exits 0.
 */
export function parseCli<O extends Options>(spec: CliSpec<O>, argv = process.argv.slice(2)) {
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: options as O, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(describeParseError(e));
  }
  if ((parsed.values as Record<string, unknown>).help) {
    console.log(spec.usage);
    process.exit(0);
  }
  const { min = 0, max = 0 } = spec.positionals ?? {};
  if (parsed.positionals.length > max) {
    throw new UsageError(`多余的参数 / unexpected argument(s): ${parsed.positionals.slice(max).join(' ')}`);
  }
  if (parsed.positionals.length < min) throw new UsageError('缺少参数 / missing argument(s)');
  return parsed;
}

/** parseArgs' own messages, in one line and both languages. */
function describeParseError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项 / unknown option ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message)
        ? `选项 ${flag} 需要一个值 / option ${flag} needs a value`
        : `选项 ${flag} 不带值 / option ${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `多余的参数 / unexpected argument: ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`;
    default:
      return err.message.split('\n')[0]!;
  }
}

export interface Outcome { code: 1 | 2; lines: string[] }

/**
 * What to tell the user about an error, or null when it is a bug (the stack trace is then the
 * useful answer). Messages never quote a driver error's text (it can quote an ID number).
 */
export function describeFailure(e: unknown, usage?: string): Outcome | null {
  if (e instanceof UsageError) return { code: 2, lines: [`错误 / error: ${e.message}`, ...(usage ? ['', usage] : [])] };
  if (e instanceof CliFailure) return { code: 1, lines: [`错误 / error: ${e.message}`] };
  if (e instanceof ConfigError) {
    return { code: 1, lines: [`环境变量有误 / invalid environment: ${e.problems.join('; ')} — 请改正后重试 / fix them and run again`] };
  }
  if (e instanceof CsvError) return { code: 1, lines: [`错误 / error: ${e.message}`] };
  if (e instanceof DatabaseBusyError) return { code: 1, lines: [`错误 / error: ${e.message}`] };
  const errno = e as NodeJS.ErrnoException & { address?: string; port?: number };
  if (errno?.code === 'EADDRINUSE') {
    return {
      code: 1,
      lines: [`端口 ${errno.port ?? ''} 已被占用（可能中心已在运行）/ port ${errno.port ?? ''} on ${errno.address ?? 'this host'} is in use (is the hub already running?): stop that process or set another PORT, e.g. PORT=4001 npm start`],
    };
  }
  if (errno?.code === 'ENOENT' && errno.path) return { code: 1, lines: [`找不到文件 / file not found: ${errno.path}`] };
  if (errno?.code === 'EISDIR' && errno.path) return { code: 1, lines: [`这是目录而不是文件 / is a directory, not a file: ${errno.path}`] };
  if ((errno?.code === 'EACCES' || errno?.code === 'EPERM') && errno.path) return { code: 1, lines: [`没有权限 / permission denied: ${errno.path}`] };
  const pg = pgError(e)?.code;
  if (pg === '3D000') {
    return { code: 1, lines: ['数据库不存在 / the database named in DATABASE_URL does not exist: create it (createdb <name>) or fix DATABASE_URL'] };
  }
  if (pg === '42P01') {
    return { code: 1, lines: ['数据库还没有中心的表 / the database has no hub tables yet: run npm run db:migrate (or start the hub once) against it'] };
  }
  if (pg === '28P01' || pg === '28000') {
    return { code: 1, lines: ['数据库拒绝登录 / PostgreSQL refused the login of DATABASE_URL: check the user and password'] };
  }
  if (databaseTrouble(e) === 'DATABASE_UNAVAILABLE') {
    return { code: 1, lines: ['无法连接数据库 / cannot reach the database of DATABASE_URL: start PostgreSQL, or fix DATABASE_URL (unset it to use the embedded database in DATA_DIR)'] };
  }
  if (databaseTrouble(e) === 'DATABASE_TIMEOUT') {
    return { code: 1, lines: ['数据库超时 / the database cancelled a statement (timeout or lock wait): try again when it is less busy'] };
  }
  return null;
}

/**
 * Runs a command's main: its return value is the exit code (default 0); an expected failure is
 * printed as one line (exit 1), a usage error with the usage (exit 2); anything else is a bug and
 * keeps its stack trace.
 */
/** Longest message printed of an unexpected error: a failed query's message holds the whole statement (1 MB for a bulk insert). */
const MAX_MESSAGE = 2000;

/** The error as text: its stack and its causes', each message cut to MAX_MESSAGE characters. */
export function clipped(e: unknown, depth = 0): string {
  if (!(e instanceof Error)) return String(e);
  const cut = (m: string) => (m.length > MAX_MESSAGE ? `${m.slice(0, MAX_MESSAGE)}… (${m.length - MAX_MESSAGE} more characters)` : m);
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const own = [`${e.name}: ${cut(e.message)}`, ...frames].join('\n');
  return e.cause !== undefined && depth < 5 ? `${own}\ncause: ${clipped(e.cause, depth + 1)}` : own;
}

export async function runCli(usage: string, main: () => Promise<number | void>): Promise<never> {
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (e) {
    const outcome = describeFailure(e, usage);
    if (outcome) {
      for (const line of outcome.lines) console.error(line);
      code = outcome.code;
    } else {
      console.error('意外错误 / unexpected error:', clipped(e));
      code = 1;
    }
  }
  // Let stdout/stderr drain (a pipe to `| head` or a file) before leaving.
  process.exitCode = code;
  await new Promise<void>((r) => setImmediate(r));
  process.exit(code);
}
