import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import * as service from './service';
import { ChangeConnection, ChangesArgs, Webhook, WebhookDelivery, WebhookInput } from './types';

@Resolver()
export class FeedResolver {
  @Query(() => ChangeConnection, {
    description: '变更订阅 / every committed change of the entities this agency may read, in commit order, exactly once: page with after until hasNextPage is false, store endCursor (SPEC §16)',
  })
  changes(@Ctx() ctx: Context, @Args(() => ChangesArgs) args: ChangesArgs) {
    return service.changes(ctx, args);
  }

  @Query(() => [Webhook], { description: '推送订阅 / webhooks of the calling system (sub) and agency' })
  webhooks(@Ctx() ctx: Context) {
    return service.webhooks(ctx);
  }

  @Query(() => [WebhookDelivery], { description: '推送记录 / delivery attempts of one of your webhooks, newest first' })
  webhookDeliveries(
    @Ctx() ctx: Context,
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100, description: '条数 / how many (default 100, max 500)' }) first?: number,
  ) {
    return service.webhookDeliveries(ctx, webhookId, first);
  }

  @Mutation(() => Webhook, { description: '创建推送订阅 / push changes to url: JSON batches of ≤ 500, X-Hub-Signature-256, Idempotency-Key = last cursor; retried with backoff for 24 h' })
  createWebhook(@Ctx() ctx: Context, @Arg('input', () => WebhookInput) input: WebhookInput) {
    return service.createWebhook(ctx, input);
  }

  @Mutation(() => Boolean, { description: '删除推送订阅 / delete one of your webhooks (and its delivery log)' })
  deleteWebhook(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return service.deleteWebhook(ctx, id);
  }
}

export const feedResolvers = [FeedResolver] as const;
