/** Every domain's resolvers: the whole API surface is assembled here. */
import { auditResolvers } from './audit';
import { customsResolvers } from './customs/resolvers';
import { ledgerResolvers } from './ledger';
import { marketResolvers } from './market';
import { quotaResolvers } from './quota/resolvers';
import { registryResolvers } from './registry';
import { reportsResolvers } from './reports';
import { taxResolvers } from './tax';

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
