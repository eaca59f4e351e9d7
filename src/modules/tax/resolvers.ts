import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { BatchResult } from '../../shared/batch';
import { DomainError } from '../../shared/errors';
import { PageArgs } from '../../shared/pagination';
import { Enterprise } from '../registry';
import * as service from './service';
import type { TaxRecordRow } from './store';
import { TaxRecord, TaxRecordConnection, TaxRecordFilter, TaxRecordInput } from './types';

@Resolver(() => TaxRecord)
export class TaxRecordResolver {
  @Query(() => TaxRecordConnection, { nullable: true, description: '税务记录 / tax records, ordered by updatedAt, id (TAX: all fields; COMMERCE: period and vatPaidYuan)' })
  taxRecords(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TaxRecordFilter, { nullable: true }) filter?: TaxRecordFilter,
  ) {
    // Only TAX and COMMERCE reach this (matrix); neither is row-scoped.
    return service.taxRecords(ctx, filter, page);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: '加工企业 / enterprise' })
  async enterprise(@Root() r: TaxRecordRow, @Ctx() ctx: Context) {
    const e = await ctx.loaders.registry.enterpriseById.load(r.enterpriseId);
    if (!e) throw new DomainError('INTERNAL_SERVER_ERROR', 'tax record without enterprise');
    return e;
  }

  @Mutation(() => BatchResult, { description: '报送税务记录 / submit tax records (TAX); key enterprise + period, idempotent' })
  submitTaxRecords(@Ctx() ctx: Context, @Arg('input', () => [TaxRecordInput]) input: TaxRecordInput[]) {
    return service.submitTaxRecords(ctx, input);
  }
}

export const taxResolvers = [TaxRecordResolver] as const;
