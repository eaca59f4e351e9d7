/** Safe defaults (issue "Hardening"): nothing of development without NODE_ENV=development, and metrics labels are a closed set. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { Database } from '../../../src/db/client';
import { openTestDatabase } from '../../support/hub';

let database: Database;
let hub: App;
beforeAll(async () => {
  database = await openTestDatabase();
  // What `npm start` gets: no NODE_ENV, no JWT settings.
  hub = await createApp({ config: loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-defaults-')), LOG_LEVEL: 'silent' }), database });
});
afterAll(async () => {
  await hub?.stop();
  await database?.close();
});

describe('NODE_ENV unset', () => {
  it('serves no development endpoint: no token minting, no slow route', async () => {
    expect((await request(hub.app).post('/dev/token').send({ agency: 'AUDITOR' })).status).toBe(404);
    expect((await request(hub.app).post('/dev/slow?ms=1')).status).toBe(404);
  });
});

describe('metrics labels', () => {
  it('an unauthenticated caller cannot create a series by naming an operation', async () => {
    await request(hub.app).post('/graphql').set('content-type', 'application/json')
      .send({ query: 'query injectedLabelXyz { me { agency } }', operationName: 'injectedLabelXyz' });
    await request(hub.app).post('/dev/whatever-free-text-path');
    const metrics = (await request(hub.app).get('/metrics')).text;
    expect(metrics).toContain('operation="unauthenticated"');
    expect(metrics).not.toContain('injectedLabelXyz');
    expect(metrics).not.toContain('whatever-free-text-path');
  });
});
