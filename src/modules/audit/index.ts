/** The audit module's public surface: the only file other modules import. */
export { accessLogPlugin } from './plugin';
export { auditResolvers } from './resolvers';
export { redact, rowHash, verifyChain, GENESIS, type ChainBreak, type ChainedFields } from './rules';
export { AccessLogWriter, appendAccessLog, auditLogPage, verifyAccessLog, type AccessEvent } from './service';
