import { GraphQLError } from 'graphql';

/** extensions.code values of SPEC §3. */
export type ErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'QUERY_TOO_COMPLEX' | 'INTERNAL_SERVER_ERROR';

/** extensions.reason values of SPEC §3 (BAD_USER_INPUT) plus the format reasons we add. */
export type Reason =
  | 'INVALID_USCC' | 'INVALID_ID_NUMBER' | 'INVALID_MOBILE' | 'INVALID_PHONE' | 'INVALID_POSTAL_CODE'
  | 'INVALID_COUNTY' | 'INVALID_HS_CODE' | 'INVALID_DATE_RANGE' | 'INVALID_VALUE' | 'INVALID_STATUS'
  | 'DAILY_LIMIT_EXCEEDED' | 'ENTERPRISE_NOT_FILED' | 'NOT_CONTRACTED' | 'NEGATIVE_LIST'
  | 'NOT_BORDER_RESIDENT' | 'NEGATIVE_AMOUNT' | 'LICENSE_REQUIRED' | 'KEY_CONFLICT'
  | 'DUPLICATE' | 'ALREADY_MEMBER' | 'NOT_A_MEMBER' | 'ENTRUSTMENT_PROOF_REQUIRED' | 'REASON_NOT_APPLICABLE'
  | 'PAGE_SIZE' | 'INVALID_CURSOR' | 'BATCH_TOO_LARGE' | 'COOPERATIVE_EXITED' | 'NOT_FOUND' | 'MISSING_FIELD'
  | 'INVALID_LINE_COUNT' | 'NOT_PILOT_COMMODITY' | 'FACILITATION_NOT_ALLOWED' | 'DECLARATION_NOT_INBOUND'
  | 'EXCEEDS_DECLARED';

/** An expected failure: its message is safe to show, its code tells the client what to do. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: { field?: string; reason?: Reason; [k: string]: unknown } = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (field: string, reason: Reason, message: string) =>
  new DomainError('BAD_USER_INPUT', message, { field, reason });

export const forbidden = (message = 'This agency may not read or change this field (SPEC §9).') =>
  new DomainError('FORBIDDEN', message);

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found.`);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
