import { CALENDAR_STREAM, type CalendarEvent, calendarDecider, type WorkingCalendar } from '#calendar';
import type { DirectoryView } from '#core';
import { DIRECTORY_STREAM, type DirectoryEvent, directoryDecider, type DirectoryState } from '#directory';
import { CachedStreamFold, type EventStore } from '#event-store';
import { CATALOGUE_STREAM, type CatalogueEvent, catalogueDecider, type CategoryCatalogue } from '#grid';

/**
 * The small aggregates every case command decides with — the working calendar, the street's directory and the
 * category catalogue — folded once and kept current: refreshed at start, after this process's own changes, and
 * after the store announces appends (another process's import or registration; batched, see `followMs`), never
 * per command. So a case command reads one stream, its own. A name the snapshot does not know (a unit registered a moment ago by another
 * process) is looked up once more before a command is refused (`ensureKnown`).
 */
export class ReferenceData {
  readonly calendar: CachedStreamFold<WorkingCalendar, CalendarEvent>;
  readonly directory: CachedStreamFold<DirectoryState, DirectoryEvent>;
  readonly catalogue: CachedStreamFold<CategoryCatalogue, CatalogueEvent>;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loaded = false;

  /**
   * @param followMs after an announced append, how long to wait before reading: every append in the log is
   *   announced, almost all of them cases, so the reads are batched to one per period whatever the load.
   */
  constructor(
    private readonly store: EventStore,
    private readonly followMs = 200,
  ) {
    this.calendar = new CachedStreamFold(store, CALENDAR_STREAM, calendarDecider);
    this.directory = new CachedStreamFold(store, DIRECTORY_STREAM, directoryDecider);
    this.catalogue = new CachedStreamFold(store, CATALOGUE_STREAM, catalogueDecider);
  }

  /**
   * Reads all three, then follows the store's append notifications (where the adapter has them). A store that is
   * down at boot does not stop the process: the first command reads them (`ensureLoaded`).
   */
  async start(): Promise<void> {
    this.unsubscribe ??= this.store.subscribe?.(() => this.refreshSoon());
    await this.refreshAll().catch(() => undefined);
  }

  /** Stops following the store (reads after this process's own changes go on). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Before a command: reads them once if they were never read (the store was down at boot). */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded) await this.refreshAll();
  }

  /** Reads what is new of all three. */
  async refreshAll(): Promise<void> {
    await Promise.all([this.calendar.refresh(), this.directory.refresh(), this.catalogue.refresh()]);
    this.loaded = true;
  }

  /** At most one read per period after announced appends (another process's import or registration among them). */
  private refreshSoon(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A store unavailable for a moment: the next announcement (or a command's lookup) reads again.
      this.refreshAll().catch(() => undefined);
    }, this.followMs);
    this.timer.unref();
  }

  /** What the deciders may ask of the directory, as of the last refresh. */
  readonly directoryView: DirectoryView = {
    isActiveUnit: (unitId) => this.directory.current.units.get(unitId)?.active === true,
    hasGrid: (gridId) => this.directory.current.grids.has(gridId),
  };

  /** Reads the directory again when a command names a unit or grid the snapshot does not know. */
  async ensureKnown(names: { units?: readonly string[]; grids?: readonly string[] }): Promise<void> {
    const { units, grids } = this.directory.current;
    const missing =
      (names.units ?? []).some((unitId) => units.get(unitId)?.active !== true) ||
      (names.grids ?? []).some((gridId) => !grids.has(gridId));
    if (missing) await this.directory.refresh();
  }
}
