/** The change feed's public surface (SPEC §16): the only file other code imports. */
export { feedResolvers } from './resolvers';
export * from './types';
export { CHANGE_ENTITIES, decodeFeedCursor, encodeFeedCursor, signature, type ChangeEntityName } from './rules';
export { changes, createWebhook, numberAllChanges, deleteWebhook, webhookDeliveries, webhooks, type FeedContext } from './service';
export { DELIVERY_QUEUE, startFeedWorker, type FeedWorker, type FeedWorkerOptions } from './worker';
