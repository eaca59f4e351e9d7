import { describe, expect, it } from 'vitest';
import { CliFailure, clipped, describeFailure, parseCli, UsageError } from '../../../src/cli/run';
import { ConfigError } from '../../../src/config';
import { DatabaseBusyError } from '../../../src/db/client';
import { CsvError } from '../../../src/shared/csv';

const spec = { usage: 'usage: x', options: { org: { type: 'string' as const }, keep: { type: 'boolean' as const } }, positionals: { min: 1, max: 2 } };

describe('parseCli: node:util parseArgs, strict', () => {
  it('parses flags and positionals', () => {
    const { values, positionals } = parseCli(spec, ['ledger', 'a.csv', '--org', 'e1', '--keep']);
    expect(values).toMatchObject({ org: 'e1', keep: true });
    expect(positionals).toEqual(['ledger', 'a.csv']);
  });

  it.each([
    [['k', '--bogus'], '未知选项 / unknown option --bogus'],
    [['k', '--org'], '选项 --org 需要一个值 / option --org needs a value'],
    [['k', '--keep=yes'], '选项 --keep 不带值 / option --keep takes no value'],
    [['a', 'b', 'c'], '多余的参数 / unexpected argument(s): c'],
    [[], '缺少参数 / missing argument(s)'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCli(spec, argv)).toThrow(new UsageError(message));
  });
});

describe('describeFailure: one line for what the user can fix, null for bugs', () => {
  it('usage errors exit 2 with the usage; failures exit 1 in one line', () => {
    expect(describeFailure(new UsageError('未知选项 / unknown option --x'), 'usage: y')).toEqual({ code: 2, lines: ['错误 / error: 未知选项 / unknown option --x', '', 'usage: y'] });
    expect(describeFailure(new CliFailure('x / y'))).toEqual({ code: 1, lines: ['错误 / error: x / y'] });
    expect(describeFailure(new CsvError('表头 / header'))).toEqual({ code: 1, lines: ['错误 / error: 表头 / header'] });
  });

  it('a bad environment is one line with every problem', () => {
    const out = describeFailure(new ConfigError(['PORT must be an integer', 'LOG_LEVEL must be one of …']))!;
    expect(out.code).toBe(1);
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/^环境变量有误 \/ invalid environment: PORT must be an integer; LOG_LEVEL must be one of …/);
  });

  it('port in use, missing file, busy embedded database, database down or missing', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 4000, address: '127.0.0.1' });
    expect(describeFailure(inUse)!.lines[0]).toMatch(/^端口 4000 已被占用.*port 4000 on 127\.0\.0\.1 is in use.*PORT=4001/);
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: 'x.csv' });
    expect(describeFailure(enoent)).toEqual({ code: 1, lines: ['找不到文件 / file not found: x.csv'] });
    expect(describeFailure(new DatabaseBusyError('/d', 42))!.lines[0]).toMatch(/另一进程（pid 42）.*in use by process 42/);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(describeFailure(new Error('Failed query', { cause: refused }))!.lines[0]).toMatch(/^无法连接数据库 \/ cannot reach the database/);
    expect(describeFailure(Object.assign(new Error('database "x" does not exist'), { code: '3D000' }))!.lines[0]).toMatch(/^数据库不存在/);
    expect(describeFailure(Object.assign(new Error('relation does not exist'), { code: '42P01' }))!.lines[0]).toMatch(/db:migrate/);
  });

  it('anything else is a bug: null (the stack trace is printed)', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toBeNull();
  });
});

describe('clipped: an unexpected error printed whole but for a giant message', () => {
  it('cuts each message to 2,000 characters and keeps the stack frames and the cause', () => {
    const cause = new Error('MAX_PARAMETERS_EXCEEDED');
    const e = new Error(`Failed query: insert ${'($1, $2), '.repeat(1000)}`, { cause });
    const text = clipped(e);
    expect(text.split('\n')[0]).toBe(`Error: ${e.message.slice(0, 2000)}… (${e.message.length - 2000} more characters)`);
    expect(text).toMatch(/\n\s+at .*run\.test\.ts/);
    expect(text).toContain('\ncause: Error: MAX_PARAMETERS_EXCEEDED\n');
    expect(clipped(new Error('short'))).toMatch(/^Error: short\n\s+at /);
    expect(clipped('a string')).toBe('a string');
  });
});
