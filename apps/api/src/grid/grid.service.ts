import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { mayAct, maySee, outOfScope } from '../auth/scope.js';
import { DomainError, Clock } from '#core';
import {
  CachedStreamFold,
  type CommandResult,
  EventStore,
  type RecordedEvent,
  runCommand,
} from '#event-store';
import {
  type BikeCommand,
  type BikeEvent,
  bikeDecider,
  type BikeState,
  bikeStream,
  CATALOGUE_STREAM,
  type CatalogueEvent,
  catalogueDecider,
  type CategoryCatalogue,
  type CategoryEntryInput,
  calendarGridDeadlinePolicy,
  type FindingCommand,
  type FindingEvent,
  findingDecider,
  type FindingState,
  findingStream,
  type GridDeadlinePolicy,
  isShopCardFinding,
  type ShopCardEvent,
  shopCardDecider,
  type ShopCardState,
  shopStream,
} from '#grid';
import { AppConfig } from '#platform';
import { CalendarService } from '../calendar/calendar.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { CommandMeta } from '../http/command-context.js';
import { runOptionsFrom } from '../http/run-options.js';

/** A name-based UUID: a create command retried with the same Idempotency-Key lands on the same stream. */
export function idFromKey(kind: string, key: string): string {
  const hash = createHash('sha1').update(`chengyun-${kind}\u0000${key}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function fold<S, E>(
  decider: { initialState: () => S; evolve: (s: S, e: E) => S },
  events: readonly RecordedEvent[],
): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, { type: event.type, data: event.data } as E);
  return state;
}

/**
 * Grid findings, shop cards and bikes through the generic runner, with deadlines on the working calendar.
 * Checks against the directory (the unit of a dispatch, the grids of the checking inspector) happen here.
 */
@Injectable()
export class GridService {
  private readonly deadlines: GridDeadlinePolicy;
  private readonly catalogueFold: CachedStreamFold<CategoryCatalogue, CatalogueEvent>;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
  ) {
    this.catalogueFold = new CachedStreamFold(store, CATALOGUE_STREAM, catalogueDecider);
    this.deadlines = calendarGridDeadlinePolicy(
      config.slaRules,
      () => this.calendars.current,
      config.officeHours,
    );
  }

  async runFinding(
    findingId: string,
    command: FindingCommand,
    meta: CommandMeta,
  ): Promise<CommandResult<FindingEvent>> {
    const principal = meta.principal;
    if (principal && command.type !== 'ReportFinding') {
      const { state } = await this.readFinding(findingId);
      if (state.status !== 'none') {
        const scope = { unitId: state.unitId, gridId: state.gridId };
        if (!maySee(principal, scope)) throw outOfScope('finding', findingId);
        if (!mayAct(principal, scope)) {
          throw new DomainError('FINDING.NOT_YOUR_CASE', 'forbidden', 'Outside your unit or grids', {
            findingId,
          });
        }
      }
    }
    if (principal?.role === 'inspector' && command.type === 'ReportFinding') {
      if (!principal.gridIds.includes(command.data.gridId)) {
        throw new DomainError('FINDING.NOT_YOUR_GRID', 'forbidden', 'An inspector reports in its own grids', {
          gridId: command.data.gridId,
        });
      }
    }
    if (command.type === 'DispatchFinding') {
      await this.directory.requireActiveUnit(command.data.unitId, 'FINDING.UNKNOWN_UNIT');
    }
    if (command.type === 'ReportFinding')
      await this.directory.requireGrid(command.data.gridId, 'GRID.UNKNOWN_GRID');
    await this.calendars.refresh();
    const catalogue = await this.catalogueFold.refresh();
    const result = await runCommand(this.store, {
      stream: findingStream(findingId),
      decider: findingDecider,
      command,
      context: () => ({ now: this.clock.now(), deadlines: this.deadlines, catalogue }),
      ...runOptionsFrom(meta),
    });
    if (result.events.some((event) => event.type === 'FindingClosed'))
      await this.recordShopViolation(findingId, meta);
    return result;
  }

  async readFinding(findingId: string): Promise<{ events: readonly RecordedEvent[]; state: FindingState }> {
    const events = await this.store.readStream(findingStream(findingId));
    return { events, state: fold<FindingState, FindingEvent>(findingDecider, events) };
  }

  async readShop(shopId: string): Promise<{ events: readonly RecordedEvent[]; state: ShopCardState }> {
    const events = await this.store.readStream(shopStream(shopId));
    return { events, state: fold<ShopCardState, ShopCardEvent>(shopCardDecider, events) };
  }

  async runShop(
    shopId: string,
    command: Parameters<typeof shopCardDecider.decide>[0],
    meta: CommandMeta,
  ): Promise<CommandResult<ShopCardEvent>> {
    return runCommand(this.store, {
      stream: shopStream(shopId),
      decider: shopCardDecider,
      command,
      context: () => ({ now: this.clock.now() }),
      ...runOptionsFrom(meta),
    });
  }

  async runBike(bikeId: string, command: BikeCommand, meta: CommandMeta): Promise<CommandResult<BikeEvent>> {
    const principal = meta.principal;
    if (principal && command.type !== 'TagBike') {
      const { state } = await this.readBike(bikeId);
      // As for findings: a bike outside the caller's grids is none of its business (404).
      if (state.status !== 'none' && !maySee(principal, { gridId: state.gridId }))
        throw new DomainError('BIKE.NOT_FOUND', 'not-found', `No bike ${bikeId} in your scope`, { bikeId });
    }
    if (principal?.role === 'inspector' && command.type === 'TagBike') {
      if (!principal.gridIds.includes(command.data.gridId)) {
        throw new DomainError('BIKE.NOT_YOUR_GRID', 'forbidden', 'An inspector tags bikes in its own grids', {
          gridId: command.data.gridId,
        });
      }
    }
    if (command.type === 'TagBike')
      await this.directory.requireGrid(command.data.gridId, 'GRID.UNKNOWN_GRID');
    await this.calendars.refresh();
    return runCommand(this.store, {
      stream: bikeStream(bikeId),
      decider: bikeDecider,
      command,
      context: () => ({ now: this.clock.now(), deadlines: this.deadlines }),
      ...runOptionsFrom(meta),
    });
  }

  async readBike(bikeId: string): Promise<{ events: readonly RecordedEvent[]; state: BikeState }> {
    const events = await this.store.readStream(bikeStream(bikeId));
    return { events, state: fold<BikeState, BikeEvent>(bikeDecider, events) };
  }

  /** The catalogue in force: the built-in one with the admin's changes. */
  catalogue(): Promise<CategoryCatalogue> {
    return this.catalogueFold.refresh();
  }

  async extendCatalogue(
    entries: readonly CategoryEntryInput[],
    meta: CommandMeta,
  ): Promise<CommandResult<CatalogueEvent>> {
    const result = await runCommand(this.store, {
      stream: CATALOGUE_STREAM,
      decider: catalogueDecider,
      command: { type: 'ExtendCatalogue', data: { entries } },
      context: () => ({ now: this.clock.now() }),
      ...runOptionsFrom(meta),
    });
    await this.catalogueFold.refresh();
    return result;
  }

  /** The grids whose inspector the actor is, from the directory (until tokens carry the grids as a claim). */
  async gridsOfInspector(actorId: string): Promise<string[]> {
    const { grids } = await this.directory.state();
    return [...grids.values()]
      .filter((grid) => grid.inspectorIds.includes(actorId))
      .map((grid) => grid.gridId);
  }

  /**
   * A closed 跨门营业 finding against a shop is a confirmed violation on the shop's card. Idempotent on the finding,
   * so a retry records it once. (A worker reactor will take this over with the read side, so that a crash between
   * the two appends cannot lose it.)
   */
  private async recordShopViolation(findingId: string, meta: CommandMeta): Promise<void> {
    const { state } = await this.readFinding(findingId);
    if (state.status === 'none' || state.shopId === undefined || !isShopCardFinding(state)) return;
    await this.runShop(
      state.shopId,
      {
        type: 'RecordViolation',
        data: { shopId: state.shopId, findingId, at: this.clock.now().toISOString() },
      },
      { ...meta, expectedRevision: undefined, idempotencyKey: `violation:${findingId}` },
    );
  }
}
