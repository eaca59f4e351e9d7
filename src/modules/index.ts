/** Every domain's resolvers: the whole API surface is assembled here (with the modules' wiring). */
import './wiring';
import { auditResolvers } from './audit';
import { custodyResolvers } from './custody';
import { customsResolvers } from './customs';
import { feedResolvers } from './feed';
import { ledgerResolvers } from './ledger';
import { marketResolvers } from './market';
import { quotaResolvers } from './quota';
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
  ...custodyResolvers,
  ...auditResolvers,
  ...feedResolvers,
] as const;
