/** Every domain's resolvers: the whole API surface is assembled here. */
import { auditResolvers } from './audit';
import { customsResolvers } from './customs/resolvers';
import { ledgerResolvers } from './ledger/resolvers';
import { marketResolvers } from './market';
import { quotaResolvers } from './quota/resolvers';
import { registryResolvers } from './registry';
import { reportsResolvers } from './reports/resolvers';
import { taxResolvers } from './tax/resolvers';

export const resolvers = [
  ...registryResolvers,
  ...customsResolvers,
  ...quotaResolvers,
  ...ledgerResolvers,
  ...taxResolvers,
  ...marketResolvers,
  ...reportsResolvers,
  ...auditResolvers,
] as const;
