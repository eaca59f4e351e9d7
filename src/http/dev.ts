/**
 * Development-only endpoints, mounted only when NODE_ENV is `development` or `test`, never by default (test both: see
 * test/integration/ops/graphiql.test.ts):
 * - POST /dev/token { agency, org?, sub? } → { token }: what `npm run token` prints, for the
 *   GraphiQL agency picker. Signs with the HS256 secret; a hub verifying with a public key has none.
 * - POST /dev/slow?ms=N: waits N ms (≤ 30 s) and then asks the database `select 1`: an in-flight
 *   request that needs the database at its end, used to show that shutdown drains before closing it.
 */
import express, { type Express } from 'express';
import { isAgency, ORG_AGENCIES } from '../authz/agencies';
import { signToken } from '../authz/tokens';
import type { Config } from '../config';
import { ping, type Database } from '../db/client';
import { isUuid } from '../shared/ids';

export function mountDevRoutes(app: Express, { config, database }: { config: Config; database: Database }): void {
  app.post('/dev/token', express.json({ limit: '4kb' }), async (req, res) => {
    const { agency, org, sub } = (req.body ?? {}) as { agency?: unknown; org?: unknown; sub?: unknown };
    if (!config.jwt.secret) {
      return void res.status(404).json({ error: 'This hub verifies tokens with a public key (JWT_PUBLIC_KEY/JWT_JWKS_URL): get tokens from your identity provider.' });
    }
    if (!isAgency(agency)) return void res.status(400).json({ error: `Unknown agency "${String(agency)}": send one of SPEC §1's codes, e.g. CUSTOMS.` });
    if (ORG_AGENCIES.includes(agency) && (typeof org !== 'string' || !isUuid(org))) {
      return void res.status(400).json({ error: `${agency} tokens need org: the id of the enterprise or cooperative (a UUID).` });
    }
    if (sub !== undefined && (typeof sub !== 'string' || !/^[\w.-]{1,64}$/.test(sub))) {
      return void res.status(400).json({ error: 'sub must be 1–64 letters, digits, dots, dashes or underscores.' });
    }
    const token = await signToken(config.jwt.secret, {
      agency, org: ORG_AGENCIES.includes(agency) ? (org as string) : null, sub: (sub as string | undefined) ?? `graphiql-${agency.toLowerCase()}`,
    }, { ttl: '8h' });
    res.setHeader('cache-control', 'no-store');
    res.json({ token, agency, expiresIn: '8h' });
  });

  app.post('/dev/slow', async (req, res) => {
    const ms = Math.min(Math.max(Number(req.query.ms ?? 1000) || 0, 0), 30_000);
    await new Promise((r) => setTimeout(r, ms));
    await ping(database.db);
    res.json({ sleptMs: ms, database: 'answered' });
  });
}
