import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { PageArgs } from '../../shared/pagination';
import { DateScalar } from '../../shared/scalars';
import { CustomsDeclaration, FactoryEntry, findDeclaration, type CustomsDeclarationRow } from '../customs';
import { LedgerEntry, type LedgerEntryRow } from '../ledger';
import * as service from './service';
import { Custody, Discrepancy, DiscrepancyConnection, DiscrepancyCount, DiscrepancyFilter, TraceBooking, Traceability } from './types';

@Resolver(() => CustomsDeclaration)
export class DeclarationCustodyResolver {
  @FieldResolver(() => Custody, { description: '监管链 / chain of custody: declared, released, entered, booked (SPEC §13)' })
  async custody(@Root() d: CustomsDeclarationRow, @Ctx() ctx: Context): Promise<Custody> {
    const c = await ctx.loaders.custody.custodyByDeclarationId.load(d.id);
    if (!c) throw new DomainError('INTERNAL_SERVER_ERROR', 'declaration without custody row');
    return c;
  }
}

@Resolver(() => Traceability)
export class TraceabilityResolver {
  @Query(() => Traceability, { nullable: true, description: '追溯 / follow one declaration from the border to the ledger: custody, factory entries, RAW_IN bookings, discrepancies (SPEC §13)' })
  traceability(@Ctx() ctx: Context, @Arg('declarationNo', () => String) declarationNo: string) {
    return service.traceability(ctx, declarationNo);
  }

  @FieldResolver(() => CustomsDeclaration, { nullable: true, description: '申报单 / the declaration (declaration class of SPEC §9)' })
  declaration(@Root() t: Traceability, @Ctx() ctx: Context) {
    return findDeclaration(ctx, t.declarationNo);
  }

  @FieldResolver(() => [FactoryEntry], { nullable: true, description: '入厂登记 / the factory entries that carried it' })
  factoryEntries(@Root() t: Traceability, @Ctx() ctx: Context) {
    return service.factoryEntriesOf(ctx, t.declarationId);
  }

  @FieldResolver(() => [TraceBooking], { nullable: true, description: '入账 / the RAW_IN entries that booked it, with the kg booked' })
  bookings(@Root() t: Traceability) {
    return t.bookingRows;
  }
}

@Resolver(() => TraceBooking)
export class TraceBookingResolver {
  @FieldResolver(() => LedgerEntry, { nullable: true, description: '台账 / the RAW_IN entry' })
  ledgerEntry(@Root() b: TraceBooking & { entry: LedgerEntryRow }) {
    return b.entry;
  }
}

@Resolver(() => Discrepancy)
export class DiscrepancyResolver {
  @Query(() => DiscrepancyConnection, { nullable: true, description: '差异 / discrepancies computed by the hub as of a date, ordered by detectedOn, id (SPEC §13; kinds and rows per agency)' })
  discrepancies(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DiscrepancyFilter, { nullable: true }) filter?: DiscrepancyFilter,
  ) {
    return service.discrepancies(ctx, filter, page);
  }

  @Query(() => [DiscrepancyCount], { nullable: true, description: '差异统计 / counts by kind and month (detectedOn in from–to), no subjects' })
  discrepancyCounts(
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
  ) {
    return service.discrepancyCounts(ctx, from, to);
  }

  @Mutation(() => Discrepancy, { nullable: true, description: '核销差异 / close a discrepancy with an explanation (COMMERCE, MARKET_REGULATION; CUSTOMS the declaration-side kinds); resolving again replaces the note' })
  resolveDiscrepancy(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('note', () => String) note: string) {
    return service.resolveDiscrepancy(ctx, id, note);
  }
}

export const custodyResolvers = [DeclarationCustodyResolver, TraceabilityResolver, TraceBookingResolver, DiscrepancyResolver] as const;
