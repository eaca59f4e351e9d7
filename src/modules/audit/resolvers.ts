import { Arg, Args, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Agency } from '../../authz/agencies';
import type { Context } from '../../context';
import { PageArgs, PageInfo } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { Agency_ } from '../registry';
import { auditLogPage, type AccessLogRow } from './service';

@ObjectType({ description: '访问日志 / one access-log row: who asked what, and which personal records were returned' })
export class AccessLogEntry {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: '序号 / position in the hash chain' }) seq!: number;
  @Field(() => DateTimeScalar, { description: '时间 / when the request arrived' }) at!: Date;
  @Field(() => String, { description: '请求编号 / request id (x-request-id)' }) requestId!: string;
  @Field(() => String, { nullable: true, description: '调用系统 / token sub (null: refused before the token was verified)' }) sub!: string | null;
  @Field(() => Agency_, { nullable: true, description: '机构 / agency (null: refused before the token was verified)' }) agency!: Agency | null;
  @Field(() => String, { nullable: true, description: '所属组织 / org claim' }) org!: string | null;
  @Field(() => String, { nullable: true, description: '操作名 / operation name' }) operationName!: string | null;
  @Field(() => String, { description: '文档哈希 / SHA-256 of the GraphQL document' }) documentHash!: string;
  @Field(() => String, { description: '变量（已脱敏） / variables as JSON, personal data redacted' }) variables!: string;
  @Field(() => String, { description: '结果 / OK or the error codes returned; HTTP_<status>,<code> for a request refused before GraphQL (HTTP_401,UNAUTHENTICATED)' }) outcome!: string;
  @Field(() => Int, { description: '耗时（毫秒） / duration in ms' }) durationMs!: number;
  @Field(() => [String], { description: '涉及个人信息的记录 / ids of records whose contact or identity fields were returned' }) personalRecordIds!: string[];
  @Field(() => String, { nullable: true, description: '个人信息记录集哈希 / SHA-256 of the sorted id list, as the row hash covers it (null: none, or a row from before the compact form)' }) personalRecordSet!: string | null;
  @Field(() => String, { description: '前一行哈希 / hash of the previous row' }) prevHash!: string;
  @Field(() => String, { description: '本行哈希 / hash of this row' }) hash!: string;
}

@ObjectType('AccessLogEdge', { description: '访问日志（边） / edge' })
class AccessLogEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AccessLogEntry) node!: AccessLogEntry;
}

@ObjectType('AccessLogConnection', { description: '访问日志列表 / access log, oldest first' })
class AccessLogConnection {
  @Field(() => [AccessLogEdge]) edges!: AccessLogEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  // simple: false — the value is a lazy promise (a getter): graphql-jit reads simple fields synchronously.
  @Field(() => Int, { simple: false }) totalCount!: number;
}

@InputType({ description: '访问日志筛选 / access-log filter' })
class AuditLogFilter {
  @Field(() => Agency_, { nullable: true }) agency?: Agency;
  @Field(() => String, { nullable: true }) sub?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'from this instant (inclusive)' }) from?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'up to this instant (inclusive)' }) to?: Date;
}

const toEntry = (r: AccessLogRow): AccessLogEntry => ({ ...r, seq: r.seq, variables: JSON.stringify(r.variables) });

@Resolver()
export class AuditResolver {
  /** Ordered by the chain (seq), the order an auditor verifies in; the cursor is the position. */
  @Query(() => AccessLogConnection, { nullable: true, description: '访问日志 / the access log (AUDITOR only)' })
  async auditLog(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter,
  ) {
    const p = await auditLogPage(ctx, page, filter);
    return {
      edges: p.edges.map((e) => ({ cursor: e.cursor, node: toEntry(e.node) })),
      pageInfo: p.pageInfo,
      get totalCount() {
        return p.totalCount;
      },
    };
  }
}

export const auditResolvers = [AuditResolver] as const;
