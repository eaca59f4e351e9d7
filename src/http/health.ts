/**
 * Probes for operators (SPEC §2, no token needed, §9): /healthz = the process answers;
 * /readyz = the database answers and every migration of migrations/ is applied (503 otherwise);
 * a ready answer carries `warnings` when this year's or (from 1 December) next year's calendar is missing;
 * /metrics = Prometheus text of this app's registry.
 */
import type { Express } from 'express';
import { ping, type Database } from '../db/client';
import { migrationsApplied } from '../db/migrate';
import { calendarWarningsOn } from '../modules/ledger';
import { beijingToday } from '../shared/time';
import { withTimeout, type HubMetrics } from '../observability/metrics';

export function mountHealth(app: Express, { database, metrics, isStopping }: { database: Database; metrics: HubMetrics; isStopping: () => boolean }): void {
  app.get('/healthz', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (isStopping()) return void res.status(503).json({ status: 'shutting down' });
    try {
      // A database that does not answer in 2 s is not ready (postgres.js would otherwise wait 30 s to connect).
      await withTimeout(ping(database.db), 2000);
    } catch {
      return void res.status(503).json({ status: 'database unreachable' });
    }
    if (!(await migrationsApplied(database))) return void res.status(503).json({ status: 'migrations pending' });
    // Still ready, but say so when due dates would be computed from weekends alone (issue 13).
    const warnings = await calendarWarningsOn(database.db, beijingToday()).catch(() => [] as string[]);
    res.json(warnings.length ? { status: 'ready', warnings } : { status: 'ready' });
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await metrics.registry.metrics());
  });
}
