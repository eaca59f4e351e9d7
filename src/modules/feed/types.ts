import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { CHANGE_ENTITIES, type ChangeEntityName } from './rules';

export const ChangeEntity = Object.fromEntries(CHANGE_ENTITIES.map((e) => [e, e])) as { [K in ChangeEntityName]: K };
registerEnumType(ChangeEntity, { name: 'ChangeEntity', description: '变更实体 / entity of a change (SPEC §16)' });

export enum ChangeOp { UPSERT = 'UPSERT', DELETE = 'DELETE' }
registerEnumType(ChangeOp, { name: 'ChangeOp', description: '变更类型 / UPSERT: created or changed (fetch it); DELETE: gone (tombstone)' });

@ObjectType({ description: '变更 / one committed change of a shared entity, in commit order' })
export class Change {
  @Field(() => String, { description: '序号 / feed position: increases in commit order (64-bit, as a decimal string)' }) seq!: string;
  @Field(() => ChangeEntity, { description: '实体 / entity' }) entity!: ChangeEntityName;
  @Field(() => ID, { description: '记录 id / id of the changed record (fetch it through its own query)' }) id!: string;
  @Field(() => ChangeOp, { description: '类型 / UPSERT or DELETE' }) op!: ChangeOp;
  @Field(() => DateTimeScalar, { description: '时间 / when the change was written' }) at!: string;
}

@ObjectType({ description: '变更（边） / edge' })
export class ChangeEdge {
  @Field(() => String, { description: '游标 / store it: pass it as after to continue' }) cursor!: string;
  @Field(() => Change) node!: Change;
}

@ObjectType({ description: '变更列表 / changes in commit order; page with after until hasNextPage is false' })
export class ChangeConnection {
  @Field(() => [ChangeEdge]) edges!: ChangeEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ArgsType()
export class ChangesArgs {
  @Field(() => String, { nullable: true, description: '游标 / endCursor of the previous page; absent: from the beginning' }) after?: string;
  @Field(() => Int, { nullable: true, defaultValue: 100, description: '每页条数 / page size (default 100, max 1000)' }) first?: number;
  @Field(() => [ChangeEntity], { nullable: true, description: '实体 / only these entities (default: every entity this agency may read)' }) entities?: ChangeEntityName[];
}

@InputType({ description: '推送订阅 / webhook: the hub POSTs batches of changes to url' })
export class WebhookInput {
  @Field(() => String, { description: '接收地址 / http(s) URL of the receiver' }) url!: string;
  @Field(() => [ChangeEntity], { nullable: true, description: '实体 / entities to push (default: every entity this agency may read)' }) entities?: ChangeEntityName[];
  @Field(() => String, { description: '签名密钥 / HMAC-SHA256 key of X-Hub-Signature-256 (16–200 characters; never returned)' }) secret!: string;
}

@ObjectType({ description: '推送订阅 / webhook of the calling system (sub) and agency' })
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '接收地址 / receiver URL' }) url!: string;
  @Field(() => [ChangeEntity], { description: '实体 / entities pushed (empty: every entity the agency may read)' }) entities!: ChangeEntityName[];
  @Field(() => DateTimeScalar, { description: '创建时间 / created at' }) createdAt!: Date;
  @Field(() => String, { nullable: true, description: '已送达游标 / cursor of the last change the receiver acknowledged' }) deliveredCursor!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '失败起始 / first failure of the current run of failures (retries stop 24 h later)' }) failingSince!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '已放弃 / when 24 h of retries failed; re-create the webhook to resume' }) gaveUpAt!: Date | null;
}

@ObjectType({ description: '推送记录 / one POST attempt of a webhook' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar, { description: '尝试时间 / attempted at' }) attemptedAt!: Date;
  @Field(() => String, { description: '幂等键 / Idempotency-Key sent: the cursor of the batch\'s last change' }) idempotencyKey!: string;
  @Field(() => Int, { description: '变更条数 / changes in the batch' }) changeCount!: number;
  @Field(() => Int, { description: '第几次尝试 / attempt number of this batch (1 = first)' }) attempt!: number;
  @Field(() => Int, { nullable: true, description: 'HTTP 状态码 / receiver status (null: no response)' }) statusCode!: number | null;
  @Field(() => Boolean, { description: '成功 / 2xx received' }) ok!: boolean;
  @Field(() => String, { nullable: true, description: '错误 / why it failed' }) error!: string | null;
  @Field(() => Int, { description: '耗时（毫秒） / duration in ms' }) durationMs!: number;
}
