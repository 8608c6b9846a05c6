import type { Clock } from '#core';
import { type Aggregate, type CommandResult, type EventStore, readAggregate, runCommand } from '#event-store';
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
  FINDING_STREAM_CATEGORY,
  type FindingCommand,
  type FindingEvent,
  findingDecider,
  findingIdOf,
  type FindingState,
  findingStream,
  type GridContext,
  type GridDeadlinePolicy,
  isShopCardFinding,
  violationFoundAt,
  type ShopCardCommand,
  type ShopCardEvent,
  shopCardDecider,
  type ShopCardState,
  shopStream,
} from '#grid';
import { type CommandCall, runOptionsOf, systemStep } from './command-call.js';
import type { ReferenceData } from './reference-data.js';

/** Findings, shop cards, bikes and the category catalogue, from any process, one stream read per command. */
export class GridCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly deadlines: GridDeadlinePolicy,
    private readonly reference: ReferenceData,
  ) {}

  /** The decision context of a finding command. */
  findingContext(call: Pick<CommandCall, 'scope'>): GridContext {
    return {
      now: this.clock.now(),
      deadlines: this.deadlines,
      catalogue: this.reference.catalogue.current,
      directory: this.reference.directoryView,
      ...(call.scope ? { actor: call.scope } : {}),
    };
  }

  async runFinding(
    findingId: string,
    command: FindingCommand,
    call: CommandCall,
  ): Promise<CommandResult<FindingEvent, FindingState>> {
    await this.reference.ensureLoaded();
    if (command.type === 'DispatchFinding')
      await this.reference.ensureKnown({ units: [command.data.unitId] });
    if (command.type === 'ReportFinding') await this.reference.ensureKnown({ grids: [command.data.gridId] });
    const result = await runCommand(this.store, {
      stream: findingStream(findingId),
      decider: findingDecider,
      command,
      context: () => this.findingContext(call),
      ...runOptionsOf(call),
    });
    if (result.events.some((event) => event.type === 'FindingClosed'))
      await this.recordShopViolation(findingId, result.state, call);
    return result;
  }

  readFinding(findingId: string): Promise<Aggregate<FindingState>> {
    return readAggregate(this.store, findingStream(findingId), findingDecider);
  }

  /**
   * After the calendar changed: every finding whose open stage has a provisional deadline gets an explicit
   * FindingDeadlineRevised (or nothing, when its deadlines stand). Idempotent per calendar version. Answers how
   * many findings changed.
   */
  async reviseProvisionalDeadlines(calendarVersion: string, call: CommandCall): Promise<number> {
    const findingIds = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.readAll({
        limit: 5000,
        categories: [FINDING_STREAM_CATEGORY],
        ...(after ? { after } : {}),
      });
      for (const event of batch.events) {
        const id = findingIdOf(event.stream);
        if (id) findingIds.add(id);
      }
      after = batch.next;
      if (batch.atEnd) break;
    }
    let revised = 0;
    for (const findingId of findingIds) {
      const result = await this.runFinding(
        findingId,
        { type: 'ReviseProvisionalDeadlines', data: { calendarVersion } },
        systemStep(call, `calendar-revision:${calendarVersion}`),
      );
      if (result.events.length > 0 && !result.replayed) revised += 1;
    }
    return revised;
  }

  /**
   * A shop card command. A refusal that names a finding is decided with that finding's shop and grid (read here: the
   * one command that reads a second stream, because an inspector's refusal needs a finding of the shop in its grids).
   */
  async runShop(
    shopId: string,
    command: ShopCardCommand,
    call: CommandCall,
  ): Promise<CommandResult<ShopCardEvent, ShopCardState>> {
    let finding: { shopId?: string; gridId: string } | undefined;
    if (command.type === 'RecordRefusal' && command.data.findingId !== undefined) {
      const { state } = await this.readFinding(command.data.findingId);
      if (state.status !== 'none') {
        finding = { gridId: state.gridId, ...(state.shopId === undefined ? {} : { shopId: state.shopId }) };
      }
    }
    return runCommand(this.store, {
      stream: shopStream(shopId),
      decider: shopCardDecider,
      command,
      context: () => ({
        now: this.clock.now(),
        ...(call.scope ? { actor: call.scope } : {}),
        ...(finding ? { finding } : {}),
      }),
      ...runOptionsOf(call),
    });
  }

  readShop(shopId: string): Promise<Aggregate<ShopCardState>> {
    return readAggregate(this.store, shopStream(shopId), shopCardDecider);
  }

  async runBike(
    bikeId: string,
    command: BikeCommand,
    call: CommandCall,
  ): Promise<CommandResult<BikeEvent, BikeState>> {
    await this.reference.ensureLoaded();
    if (command.type === 'TagBike') await this.reference.ensureKnown({ grids: [command.data.gridId] });
    return runCommand(this.store, {
      stream: bikeStream(bikeId),
      decider: bikeDecider,
      command,
      context: () => ({
        now: this.clock.now(),
        deadlines: this.deadlines,
        directory: this.reference.directoryView,
        ...(call.scope ? { actor: call.scope } : {}),
      }),
      ...runOptionsOf(call),
    });
  }

  readBike(bikeId: string): Promise<Aggregate<BikeState>> {
    return readAggregate(this.store, bikeStream(bikeId), bikeDecider);
  }

  /** The catalogue in force: the built-in one with the admin's changes. */
  catalogue(): Promise<CategoryCatalogue> {
    return this.reference.catalogue.refresh();
  }

  async extendCatalogue(
    entries: readonly CategoryEntryInput[],
    call: CommandCall,
  ): Promise<CommandResult<CatalogueEvent, CategoryCatalogue>> {
    const result = await runCommand(this.store, {
      stream: CATALOGUE_STREAM,
      decider: catalogueDecider,
      command: { type: 'ExtendCatalogue', data: { entries } },
      context: () => ({ now: this.clock.now() }),
      ...runOptionsOf(call),
    });
    await this.reference.catalogue.refresh();
    return result;
  }

  /**
   * A closed 跨门营业 finding against a shop is a confirmed violation on the shop's card.
   * Idempotent on the finding, so a retry records it once.
   */
  private async recordShopViolation(
    findingId: string,
    state: FindingState,
    call: CommandCall,
  ): Promise<void> {
    if (state.status === 'none' || state.shopId === undefined || !isShopCardFinding(state)) return;
    await this.runShop(
      state.shopId,
      {
        type: 'RecordViolation',
        // Dated when the violation was found, not at the closing check.
        data: { shopId: state.shopId, findingId, at: violationFoundAt(state) },
      },
      systemStep(call, `violation:${findingId}`),
    );
  }
}
