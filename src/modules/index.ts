/** Every domain's resolvers: the whole API surface is assembled here (with the modules' wiring). */
import './wiring';
import { auditResolvers } from './audit/resolvers';
import { customsResolvers } from './customs';
import { ledgerResolvers } from './ledger/resolvers';
import { marketResolvers } from './market/resolvers';
import { quotaResolvers } from './quota';
import { registryResolvers } from './registry/resolvers';
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
