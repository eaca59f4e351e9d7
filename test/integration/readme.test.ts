/**
 * The README's examples work as written (a newcomer copies them): every operation of every
 * ```graphql block parses, validates against the schema and runs on a hub without a parse,
 * validation or internal error; every curl command is run by bash (with `curl` replaced by a stub
 * that prints its -d body), the body parses as JSON, and its query validates and runs the same way,
 * as the agency of the example's token.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, Kind, parse, print, validate, type DefinitionNode, type DocumentNode } from 'graphql';
import { afterAll } from 'vitest';
import { AGENCIES, ORG_AGENCIES, type Agency } from '../../src/authz/agencies';
import { describe, expect, test, type As } from '../support/fixtures';

const README = readFileSync('README.md', 'utf8');
const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'hub-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Block { lang: string; body: string; offset: number; line: number }
const blocks: Block[] = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1]!, body: m[2]!, offset: m.index!, line: README.slice(0, m.index).split('\n').length,
}));

const agencyPattern = new RegExp(`\\b(${AGENCIES.join('|')})\\b`);
/** The agency of the last `token -- AGENCY` written before this offset of the README. */
function tokenAgencyBefore(offset: number): Agency {
  const all = [...README.slice(0, offset).matchAll(/token -- ([A-Z_]+)/g)].map((m) => m[1] as Agency);
  return all.at(-1) ?? 'COMMERCE';
}

/** Answers that say the example itself is wrong (a refusal of a placeholder id is not). */
const BROKEN = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'INTERNAL_SERVER_ERROR', 'QUERY_TOO_COMPLEX', 'BAD_REQUEST'];

/**
 * Placeholders ("<enterprise id>", "<id>") become a well-formed id that names nothing, as a user
 * would put a real one: what is checked is the example's shape, not the data of the test database.
 */
async function runOn(as: As, agency: Agency, written: string, variables?: Record<string, unknown>) {
  const query = written.replace(/"<[^"<>]*>"/g, `"${randomUUID()}"`);
  const validation = validate(schema, parse(query));
  expect(validation.map((e) => e.message), query).toEqual([]);
  const r = await as(agency, ORG_AGENCIES.includes(agency) ? randomUUID() : null).gql(query, variables);
  const codes = (r.errors ?? []).map((e) => e.extensions?.code);
  expect(codes.filter((c) => BROKEN.includes(c)), `${agency}: ${query}\n${JSON.stringify(r.errors)}`).toEqual([]);
  return r;
}

/** One example per operation: the operations of a block with the block's fragments, the comment before it. */
function operationsOf(block: Block) {
  const doc = parse(block.body);
  const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return ops.map((op, i) => {
    const before = block.body.slice(i === 0 ? 0 : ops[i - 1]!.loc!.end, op.loc!.start);
    const firstLine = block.body.slice(op.loc!.start).split('\n')[0]!;
    const vars = /#\s*(\{.*\})\s*$/.exec(firstLine)?.[1];
    const agency = (agencyPattern.exec(before.split('\n').filter((l) => l.trim().startsWith('#')).join('\n'))?.[1] as Agency | undefined)
      ?? tokenAgencyBefore(block.offset);
    const single: DocumentNode = { kind: Kind.DOCUMENT, definitions: [op, ...fragments] as DefinitionNode[] };
    return { query: print(single), variables: vars ? (JSON.parse(vars) as Record<string, unknown>) : undefined, agency };
  });
}

const graphqlBlocks = blocks.filter((b) => b.lang === 'graphql');

describe('README ```graphql blocks', () => {
  test('there are examples to check', () => {
    expect(graphqlBlocks.length).toBeGreaterThan(5);
  });

  test.for(graphqlBlocks.map((b) => [b.line, b] as const))('the block at line %i: every operation parses, validates and runs', async ([, block], { as }) => {
    const ops = operationsOf(block);
    expect(ops.length).toBeGreaterThan(0);
    for (const { query, variables, agency } of ops) await runOn(as, agency, query, variables);
  });
});

interface CurlCall { source: string; line: number; agency: Agency; url: string; body: string | null }

/**
 * Runs a shell snippet of the README in bash with stubs: `npm run -s token -- AGENCY …` prints
 * "token-for-AGENCY", and `curl` records, per call, the URL, the agency of its bearer token and its
 * -d/--data body (stdin for @-), NUL-separated, into $CURL_CALLS. jq is the real one.
 */
function curlCalls(script: string, source: string, line: number, offset: number): CurlCall[] {
  const stubs = `npm() { local next=0; for a in "$@"; do if [ $next = 1 ]; then printf 'token-for-%s' "$a"; return 0; fi; [ "$a" = "--" ] && next=1; done; return 0; }
curl() { local take=0 url= body= auth= hdr=0; for a in "$@"; do
  if [ $take = 1 ]; then if [ "$a" = "@-" ]; then body=$(cat); else body=$a; fi; take=0; continue; fi
  if [ $hdr = 1 ]; then case "$a" in authorization:*|Authorization:*) auth=$a;; esac; hdr=0; continue; fi
  case "$a" in -d|--data|--data-raw|--data-binary) take=1;; -H) hdr=1;; -o) hdr=2;; http*|localhost*|127.*) url=$a;; esac
  [ $hdr = 2 ] && hdr=0
done; printf '%s\\t%s\\t%s\\0' "$url" "\${auth##*token-for-}" "$body" >> "$CURL_CALLS"; }`;
  // Placeholders (`--org <enterprise id>`) are what the reader replaces: a well-formed id here.
  const runnable = script.replace(/<([a-z][^<>\n]*)>/gi, '00000000-0000-4000-8000-000000000000');
  const record = join(work, 'curl-calls');
  writeFileSync(record, '');
  const r = spawnSync('bash', ['-c', `${stubs}\n${runnable}`], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, CURL_CALLS: record } });
  expect(r.status, `README line ${line}: ${r.stderr}`).toBe(0);
  return readFileSync(record, 'utf8').split('\0').filter(Boolean).map((rec) => {
    const [url, agency, ...body] = rec.split('\t');
    return { source, line, url: url!, agency: (AGENCIES as readonly string[]).includes(agency!) ? agency as Agency : tokenAgencyBefore(offset), body: body.join('\t') || null };
  });
}

/** Every curl of the README: the shell blocks that call it, run whole, and inline `curl …` spans. */
function readmeCurls(): CurlCall[] {
  const calls: CurlCall[] = [];
  for (const b of blocks.filter((x) => (x.lang === 'sh' || x.lang === 'bash') && /\bcurl\s/.test(x.body))) {
    if (b.body.includes('customs.graphql')) {
      // The walkthrough's customs query, saved as the file the example sends.
      writeFileSync(join(work, 'customs.graphql'), graphqlBlocks.find((x) => x.body.includes('query CustomsProcessors'))!.body);
    }
    calls.push(...curlCalls(b.body, 'block', b.line, b.offset));
  }
  for (const m of README.matchAll(/`(curl [^`]+)`/g)) {
    calls.push(...curlCalls(m[1]!, 'inline', README.slice(0, m.index).split('\n').length, m.index!));
  }
  return calls;
}

describe('README curl examples', () => {
  const hasJq = spawnSync('jq', ['--version']).status === 0;
  const calls = hasJq ? readmeCurls() : [];

  test.runIf(hasJq)('there are examples to check, the reports examples among them', () => {
    expect(calls.filter((c) => c.body !== null).length).toBeGreaterThan(4);
    expect(calls.some((c) => c.body?.includes('tradeStats'))).toBe(true);
  });

  test.for(calls.filter((c) => c.body !== null).map((c) => [c.line, c.url, c] as const))('the curl of line %i (%s) sends a JSON body whose query validates and runs', async ([, , c], { as }) => {
    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(c.body!);
    } catch (e) {
      throw new Error(`README line ${c.line}: the -d body is not JSON (${(e as Error).message}):\n${c.body}`);
    }
    if (!/\/graphql$/.test(c.url)) return; // e.g. POST /dev/token: JSON is all it needs
    expect(typeof body.query, c.body!).toBe('string');
    await runOn(as, c.agency, body.query!, body.variables);
  });
});
