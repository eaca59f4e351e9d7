/** The audit module's public surface: the only file other modules import. */
export { accessLogEdge, accessLogPlugin, attachAccessNote } from './plugin';
export { auditResolvers } from './resolvers';
export { redact, rowHash, verifyChain, GENESIS, type ChainBreak, type ChainedFields } from './rules';
export {
  AccessLogWriter, NOT_STORED, appendAccessLog, auditLogPage, verifyAccessLog,
  type AccessEvent, type VerifyResult, type WriterOptions,
} from './service';
