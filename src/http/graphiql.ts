/**
 * GraphiQL for analysts, served entirely by the hub (SPEC §2: agency networks have no internet).
 * The explorer is ruru 2 (GraphiQL 5 + Monaco) with its static bundle served from node_modules at
 * STATIC_PATH; ruru's default staticPath is a CDN, so it is always set here. On top of it the page
 * has a small bar: a token box that sets `Authorization` (introspection included, so the docs
 * explorer shows the bilingual descriptions), in development an agency picker that asks
 * POST /dev/token for a token, and the saved example operations of src/http/saved-operations.ts.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { makeHTMLParts, ruruHTML } from 'ruru/server';
import { serveStatic } from 'ruru/static';
import { AGENCIES, AGENCY_LABELS, ORG_AGENCIES } from '../authz/agencies';
import { SAVED_OPERATIONS } from './saved-operations';

export const STATIC_PATH = '/graphiql-static/';
export const ENDPOINT = '/graphql';

/** Is this GET /graphql a browser asking for a page (not an API client doing GET queries)? */
export function wantsExplorer(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query;
}

export function mountGraphiql(app: Express, opts: { dev: boolean }): void {
  const page = explorerPage(opts);
  const assets = serveStatic(STATIC_PATH);
  app.get(`${STATIC_PATH}*file`, (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'public, max-age=86400');
    assets(req, res, next);
  });
  app.get(ENDPOINT, (req, res, next) => {
    if (!wantsExplorer(req)) return next();
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(page);
  });
}

const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function explorerPage({ dev }: { dev: boolean }): string {
  const hubConfig = {
    endpoint: ENDPOINT,
    dev,
    agencies: AGENCIES.map((a) => ({ code: a, label: AGENCY_LABELS[a], needsOrg: ORG_AGENCIES.includes(a) })),
    saved: SAVED_OPERATIONS.map((s) => ({ label: s.label, agency: s.agency, query: s.query, variables: s.variables ? JSON.stringify(s.variables, null, 2) : '' })),
  };
  const original = makeHTMLParts({ endpoint: ENDPOINT, staticPath: STATIC_PATH });
  return ruruHTML({
    endpoint: ENDPOINT,
    staticPath: STATIC_PATH,
    clientConfig: { defaultTheme: 'light' } as never,
    htmlParts: {
      titleTag: '<title>边民互市数据交换平台 GraphiQL / Border-Trade Data Exchange Hub</title>',
      metaTags: `${original.metaTags}\n<meta name="referrer" content="no-referrer" />`,
      styleTags: `${original.styleTags}\n<style>${STYLE}</style>`,
      bodyContent: `${toolbar(dev)}\n<script type="application/json" id="hub-config">${json(hubConfig)}</script>\n${original.bodyContent}`,
      bodyInitScript: `<script type="module">\nimport { React, Ruru, createRoot } from ${JSON.stringify(`${STATIC_PATH}ruru.js`)};\n${CLIENT}\n</script>`,
    },
  });
}

function toolbar(dev: boolean): string {
  const picker = dev
    ? `<span class="hub-group" id="hub-dev">
  <label for="hub-agency">机构 / Agency</label>
  <select id="hub-agency" data-testid="agency"></select>
  <input id="hub-org" data-testid="org" placeholder="企业或合作社 id / enterprise or cooperative id" size="38" hidden />
  <button type="button" id="hub-get-token" data-testid="get-token" title="POST /dev/token (development only)">取得开发令牌 / Get dev token</button>
</span>`
    : '';
  return `<header id="hub-bar">
<strong class="hub-title">边民互市数据交换平台 / Border-Trade Data Exchange Hub</strong>
${picker}
<span class="hub-group">
  <label for="hub-token">令牌 / Token</label>
  <input id="hub-token" data-testid="token" type="password" autocomplete="off" spellcheck="false" size="28"
    placeholder="Bearer token: npm run -s token -- CUSTOMS" />
  <span id="hub-who" data-testid="who"></span>
</span>
<span class="hub-group">
  <label for="hub-saved">示例 / Saved operations</label>
  <select id="hub-saved" data-testid="saved"><option value="">—</option></select>
</span>
</header>`;
}

const STYLE = `
body { display: flex; flex-direction: column; height: 100vh; font-family: system-ui, sans-serif; }
#hub-bar { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; padding: 6px 10px;
  border-bottom: 1px solid #ccc; background: #f4f6f8; font-size: 13px; }
#hub-bar label { margin-right: 4px; color: #444; }
#hub-bar input, #hub-bar select, #hub-bar button { font-size: 13px; }
#hub-who { margin-left: 6px; color: #1a7f37; }
#hub-who.hub-error { color: #c00; }
.hub-title { margin-right: 8px; }
#ruru-root { height: auto !important; flex: 1; min-height: 0; }
/* ruru's footer and logo link to external sites: no link leaves the agency network. */
.ruru-footer, .graphiql-logo a { display: none !important; }
`;

/** Runs in the browser as a module; \`React\`, \`Ruru\`, \`createRoot\` come from the local ruru bundle. */
const CLIENT = String.raw`
const HUB = JSON.parse(document.getElementById('hub-config').textContent);
const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'hub:token';
let token = sessionStorage.getItem(TOKEN_KEY) || '';
let selected = null;
let generation = 0;

function claims(t) {
  try { return JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch { return null; }
}
function showWho(message, isError) {
  const who = $('hub-who');
  if (message !== undefined) { who.textContent = message; who.className = isError ? 'hub-error' : ''; return; }
  const c = token ? claims(token) : null;
  who.textContent = !token ? '未设置令牌 / no token: the schema loads once a token is set'
    : c ? c.agency + (c.org ? ' · ' + c.org : '') + ' · ' + c.sub : 'token set';
  who.className = token ? '' : 'hub-error';
}

// Every request, introspection included, carries the token of the box (the headers editor may add others).
async function fetcher(params, opts) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  for (const [k, v] of Object.entries((opts && opts.headers) || {})) headers[k.toLowerCase()] = v;
  if (token) headers.authorization = 'Bearer ' + token;
  const res = await fetch(HUB.endpoint, { method: 'POST', headers, body: JSON.stringify(params), credentials: 'same-origin' });
  const text = await res.text();
  try { return JSON.parse(text); } catch { return { errors: [{ message: 'HTTP ' + res.status + ': ' + text.slice(0, 300) }] }; }
}

const root = createRoot($('ruru-root'));
function render() {
  generation++;
  const tabs = HUB.saved.map((s) => ({ query: s.query, variables: s.variables }));
  if (selected !== null) tabs.unshift(tabs.splice(selected, 1)[0]);
  const props = { ...RURU_CONFIG, key: 'g' + generation, fetcher, defaultTabs: tabs, defaultQuery: HUB.saved[0].query };
  if (selected !== null) { props.initialQuery = HUB.saved[selected].query; props.initialVariables = HUB.saved[selected].variables; }
  // A new key remounts GraphiQL, which re-runs introspection with the new token.
  root.render(React.createElement(Ruru, props));
}

function setToken(t) {
  token = (t || '').trim().replace(/^Bearer\s+/i, '');
  if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
  $('hub-token').value = token;
  showWho();
  render();
}

$('hub-token').value = token;
$('hub-token').addEventListener('change', (e) => setToken(e.target.value));

for (const [i, s] of HUB.saved.entries()) {
  const o = document.createElement('option');
  o.value = String(i); o.textContent = s.label + '  [' + s.agency + ']';
  $('hub-saved').append(o);
}
$('hub-saved').addEventListener('change', (e) => {
  selected = e.target.value === '' ? null : Number(e.target.value);
  render();
});

if (HUB.dev) {
  for (const a of HUB.agencies) {
    const o = document.createElement('option');
    o.value = a.code; o.textContent = a.code + ' — ' + a.label;
    $('hub-agency').append(o);
  }
  const c = token ? claims(token) : null;
  if (c && c.agency) $('hub-agency').value = c.agency;
  const syncOrg = () => { $('hub-org').hidden = !HUB.agencies.find((a) => a.code === $('hub-agency').value).needsOrg; };
  $('hub-agency').addEventListener('change', syncOrg);
  syncOrg();
  $('hub-get-token').addEventListener('click', async () => {
    const body = { agency: $('hub-agency').value };
    if (!$('hub-org').hidden) body.org = $('hub-org').value.trim();
    const res = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) return showWho(answer.error || 'HTTP ' + res.status, true);
    setToken(answer.token);
  });
}

showWho();
render();
`;
