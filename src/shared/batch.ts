/**
 * Batch writes (SPEC §3, §12): per-row results, each row all-or-nothing in its own transaction,
 * valid rows stored even when others are rejected, idempotent by the row's key.
 */
import { GraphQLError } from 'graphql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Db, Tx } from '../db/client';
import { isSerializationFailure, isUniqueViolation } from '../db/errors';
import { badInput, bilingual, isDomainError } from './errors';
import { errorFields, log } from '../observability/logger';

export const MAX_BATCH = 1000;

export enum BatchRowStatus { ACCEPTED = 'ACCEPTED', DUPLICATE = 'DUPLICATE', REJECTED = 'REJECTED' }
registerEnumType(BatchRowStatus, { name: 'BatchRowStatus', description: '行结果 / outcome of one row: stored, already stored identically, or rejected' });

@ObjectType({ description: '批量行结果 / result of one row of a batch' })
export class BatchRow {
  @Field(() => Int, { description: '行号（从0起） / index of the row in the input' }) index!: number;
  @Field(() => String, { nullable: true, description: '幂等键 / the row\'s idempotency key' }) key!: string | null;
  @Field(() => BatchRowStatus) status!: BatchRowStatus;
  @Field(() => String, { nullable: true, description: '错误码 / extensions.code of the rejection' }) code!: string | null;
  @Field(() => String, { nullable: true, description: '原因 / reason code of the rejection (e.g. DAILY_LIMIT_EXCEEDED)' }) reason!: string | null;
  @Field(() => String, { nullable: true, description: '字段 / input field at fault' }) field!: string | null;
  @Field(() => String, { nullable: true, description: '说明 / human-readable explanation' }) message!: string | null;
}

@ObjectType({ description: '批量结果 / result of a batch write' })
export class BatchResult {
  @Field(() => Int, { description: '已接收 / rows stored' }) accepted!: number;
  @Field(() => Int, { description: '重复 / rows already stored with identical content' }) duplicates!: number;
  @Field(() => Int, { description: '已拒绝 / rows rejected' }) rejected!: number;
  @Field(() => [BatchRow]) rows!: BatchRow[];
}

export interface BatchOptions<I> {
  /** The idempotency key of a row (declarationNo, externalRef, enterprise+period). */
  keyOf(input: I, index: number): string | null;
  /**
   * Stores one row inside its own transaction. Return 'DUPLICATE' when the key is already stored
   * with identical content; throw a DomainError (e.g. KEY_CONFLICT) to reject the row.
   */
  row(tx: Tx, input: I, index: number): Promise<'ACCEPTED' | 'DUPLICATE'>;
  /** Runs once after the batch with the indexes of accepted rows (e.g. quota evaluation). */
  after?(accepted: number[]): Promise<void>;
  /** Retries of a row that lost a serialization race. */
  retries?: number;
}

export function checkBatchSize(inputs: readonly unknown[]) {
  if (inputs.length > MAX_BATCH) throw badInput('input', 'BATCH_TOO_LARGE', `A batch holds at most ${MAX_BATCH} rows; split it (this one has ${inputs.length}).`);
}

export async function runBatch<I>(db: Db, inputs: readonly I[], opts: BatchOptions<I>): Promise<BatchResult> {
  checkBatchSize(inputs);
  const rows: BatchRow[] = [];
  const accepted: number[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    const key = opts.keyOf(input, index);
    const base = { index, key, code: null, reason: null, field: null, message: null };
    for (let attempt = 0; ; attempt++) {
      try {
        const status = await db.transaction((tx) => opts.row(tx, input, index));
        rows.push({ ...base, status: status === 'ACCEPTED' ? BatchRowStatus.ACCEPTED : BatchRowStatus.DUPLICATE });
        if (status === 'ACCEPTED') accepted.push(index);
        break;
      } catch (e) {
        // A concurrent writer of the same key or a serialization conflict: try the row again,
        // it will then see the other writer's row and answer DUPLICATE or KEY_CONFLICT.
        if ((isUniqueViolation(e) || isSerializationFailure(e)) && attempt < (opts.retries ?? 3)) continue;
        rows.push({ ...base, status: BatchRowStatus.REJECTED, ...rejection(e) });
        break;
      }
    }
  }
  if (opts.after && accepted.length) await opts.after(accepted);
  return {
    accepted: rows.filter((r) => r.status === BatchRowStatus.ACCEPTED).length,
    duplicates: rows.filter((r) => r.status === BatchRowStatus.DUPLICATE).length,
    rejected: rows.filter((r) => r.status === BatchRowStatus.REJECTED).length,
    rows,
  };
}

function rejection(e: unknown): Pick<BatchRow, 'code' | 'reason' | 'field' | 'message'> {
  if (isDomainError(e) || (e instanceof GraphQLError && typeof e.extensions?.code === 'string')) {
    const x = (e as GraphQLError).extensions as { code?: string; reason?: string; field?: string };
    return { code: x.code ?? 'BAD_USER_INPUT', reason: x.reason ?? null, field: x.field ?? null, message: bilingual((e as Error).message, x.code, x.reason) };
  }
  // Unexpected failures are not explained to the client (no SQL leaves the hub); they are rethrown
  // nowhere, so log them here for the operator.
  log().error(errorFields(e), 'batch row failed unexpectedly');
  return { code: 'INTERNAL_SERVER_ERROR', reason: null, field: null, message: '本行保存时发生内部错误，未保存 / Internal error while storing this row; it was not stored.' };
}
