/**
 * The change feed in `npm run bench` (issue "A change feed that cannot skip", item 5): what the
 * feed adds to a 1,000-row declaration batch (its capture triggers on, then off), and how fast
 * webhook delivery drains a backlog to a receiver on loopback. The feed pull itself is a
 * BenchOperation (bench-operations.ts) with its SQL floor.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gqlRequest, type BenchContext, type PreparedOperation } from './bench-operations';

type Measure = (fn: (i: number) => Promise<unknown>, clients: number, secs: number) => Promise<{ rps: number; p50: number; p99: number }>;

/** p50 of the 1,000-row batch with and without the feed's capture triggers on customs_declarations. */
export async function feedCaptureCost(ctx: BenchContext, batch: PreparedOperation, measure: Measure, seconds: number): Promise<string> {
  const on = await measure(batch.hub, 1, seconds);
  await ctx.sql`alter table customs_declarations disable trigger feed_capture_insert`;
  try {
    const off = await measure(batch.hub, 1, seconds);
    return `feed capture on a 1,000-row batch: p50 ${on.p50.toFixed(1)} ms with the feed, ${off.p50.toFixed(1)} ms without (+${(on.p50 - off.p50).toFixed(1)} ms)`;
  } finally {
    await ctx.sql`alter table customs_declarations enable trigger feed_capture_insert`;
  }
}

/**
 * Webhook delivery: a CUSTOMS webhook to a loopback receiver, then `n` declarations touched in one
 * statement (n UPSERT changes); changes/s from that commit to the last change received.
 */
export async function feedDeliveryRate(ctx: BenchContext, n = 20_000, timeoutMs = 120_000): Promise<string> {
  let received = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((r) => { done = r; });
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { changes?: unknown[] };
      received += parsed.changes?.length ?? 0;
      res.writeHead(200).end();
      if (received >= n) done();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const token = await ctx.token('CUSTOMS');
  try {
    await gqlRequest(ctx, token, 'mutation($i: WebhookInput!) { createWebhook(input: $i) { id } }',
      { i: { url, entities: ['CUSTOMS_DECLARATION'], secret: 'bench-webhook-secret-0123456789abcdef' } });
    const t0 = performance.now();
    await ctx.sql`update customs_declarations set inspection_note = coalesce(inspection_note, '') || '.'
      where id in (select id from customs_declarations order by id limit ${n})`;
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs));
    const outcome = await Promise.race([all.then(() => 'ok' as const), timeout]);
    const secs = (performance.now() - t0) / 1000;
    return outcome === 'ok'
      ? `webhook delivery: ${n} changes in ${secs.toFixed(1)} s = ${Math.round(n / secs)} changes/s to a loopback receiver`
      : `webhook delivery: only ${received} of ${n} changes within ${timeoutMs / 1000} s (${Math.round(received / secs)} changes/s)`;
  } finally {
    receiver.close();
  }
}
