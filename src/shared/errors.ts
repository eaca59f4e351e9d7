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
  | 'DUPLICATE' | 'ALREADY_A_MEMBER' | 'NOT_A_MEMBER' | 'AGENT_NOT_ELIGIBLE' | 'ENTRUSTMENT_PROOF_REQUIRED' | 'REASON_NOT_APPLICABLE'
  | 'PAGE_SIZE' | 'INVALID_CURSOR' | 'BATCH_TOO_LARGE' | 'COOPERATIVE_EXITED' | 'NOT_FOUND' | 'MISSING_FIELD'
  | 'INVALID_LINE_COUNT' | 'NOT_PILOT_COMMODITY' | 'FACILITATION_NOT_ALLOWED' | 'DECLARATION_NOT_INBOUND'
  | 'TOO_MANY_FAILURES' | 'DATABASE_TIMEOUT' | 'DATABASE_UNAVAILABLE' | 'EXCEEDS_DECLARED'
  | 'SUBJECT_DISHONEST' | 'LADDER_ORDER' | 'EXIT_FINAL' | 'ALREADY_REMOVED';

/**
 * Chinese labels of every reason (SPEC §3: messages are bilingual, Chinese first). A message that
 * has no Chinese yet gets its reason's label in front: "身份证号码无效 / "…" is not a valid …".
 */
export const REASON_LABELS: Record<Reason, string> = {
  INVALID_USCC: '统一社会信用代码无效',
  INVALID_ID_NUMBER: '居民身份证号码无效',
  INVALID_MOBILE: '手机号码无效',
  INVALID_PHONE: '联系电话无效',
  INVALID_POSTAL_CODE: '邮政编码无效',
  INVALID_COUNTY: '行政区划代码无效',
  INVALID_HS_CODE: '商品编码无效',
  INVALID_DATE_RANGE: '日期范围无效',
  INVALID_VALUE: '输入值无效',
  INVALID_STATUS: '当前状态不允许此操作',
  DAILY_LIMIT_EXCEEDED: '超过边民每日免税额度',
  ENTERPRISE_NOT_FILED: '企业未备案或备案未通过',
  NOT_CONTRACTED: '无有效购销协议',
  EXCEEDS_DECLARED: '入库数量超过申报数量',
  NEGATIVE_LIST: '商品属于负面清单',
  NOT_BORDER_RESIDENT: '非边境地区边民',
  NEGATIVE_AMOUNT: '数额不能为负',
  LICENSE_REQUIRED: '尚未取得营业执照',
  KEY_CONFLICT: '编号已存在且内容不同',
  DUPLICATE: '重复',
  ALREADY_A_MEMBER: '在此期间已是合作社成员',
  AGENT_NOT_ELIGIBLE: '委托申报人不符合条件',
  NOT_A_MEMBER: '不是本合作社成员',
  ENTRUSTMENT_PROOF_REQUIRED: '缺少委托证明',
  REASON_NOT_APPLICABLE: '事由不适用',
  PAGE_SIZE: '每页条数超出范围',
  INVALID_CURSOR: '分页游标无效',
  BATCH_TOO_LARGE: '批量条数过多',
  COOPERATIVE_EXITED: '合作社已退出试点',
  NOT_FOUND: '未找到',
  MISSING_FIELD: '缺少必填项',
  INVALID_LINE_COUNT: '申报商品行数不符',
  NOT_PILOT_COMMODITY: '非落地加工试点商品',
  FACILITATION_NOT_ALLOWED: '不适用便利化措施',
  DECLARATION_NOT_INBOUND: '不是发往本企业的落地加工申报',
  TOO_MANY_FAILURES: '认证失败次数过多',
  DATABASE_TIMEOUT: '数据库繁忙',
  DATABASE_UNAVAILABLE: '数据库暂时不可用',
  SUBJECT_DISHONEST: '主体已列入失信名单',
  LADDER_ORDER: '不符合监管处理顺序',
  EXIT_FINAL: '已退出试点，不能恢复',
  ALREADY_REMOVED: '已移出失信名单',
};

/** Chinese labels of every extensions.code the API answers with (ours and Apollo's). */
export const CODE_LABELS: Record<ErrorCode | 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'BAD_REQUEST'
  | 'OPERATION_RESOLUTION_FAILURE' | 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_NOT_SUPPORTED', string> = {
  UNAUTHENTICATED: '未认证',
  FORBIDDEN: '无权访问',
  BAD_USER_INPUT: '输入有误',
  NOT_FOUND: '未找到',
  QUERY_TOO_COMPLEX: '查询过于复杂',
  INTERNAL_SERVER_ERROR: '服务器内部错误',
  GRAPHQL_PARSE_FAILED: '查询语法错误',
  GRAPHQL_VALIDATION_FAILED: '查询不符合接口定义',
  BAD_REQUEST: '请求无效',
  OPERATION_RESOLUTION_FAILURE: '无法确定要执行的操作',
  PERSISTED_QUERY_NOT_FOUND: '未找到已保存的查询',
  PERSISTED_QUERY_NOT_SUPPORTED: '不支持已保存的查询',
};

const STARTS_CHINESE = /^[\u3400-\u9fff]/;

/** "中文 / English": a message that does not start with Chinese gets its reason's (or code's) label. */
export function bilingual(message: string, code?: unknown, reason?: unknown): string {
  if (STARTS_CHINESE.test(message)) return message;
  const label = (typeof reason === 'string' && (REASON_LABELS as Record<string, string>)[reason])
    || (typeof code === 'string' && (CODE_LABELS as Record<string, string>)[code])
    || '请求出错';
  return `${label} / ${message}`;
}

/** An expected failure: its message is safe to show, its code tells the client what to do. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: { field?: string; reason?: Reason; [k: string]: unknown } = {}) {
    super(bilingual(message, code, extra.reason), { extensions: { code, ...extra } });
  }
}

export const badInput = (field: string, reason: Reason, message: string) =>
  new DomainError('BAD_USER_INPUT', message, { field, reason });

export const forbidden = (message = 'This agency may not read or change this field (SPEC §9).') =>
  new DomainError('FORBIDDEN', message);

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found.`);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
