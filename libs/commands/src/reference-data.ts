import { CALENDAR_STREAM, type CalendarEvent, calendarDecider, type WorkingCalendar } from '#calendar';
import type { DirectoryView } from '#core';
import { DIRECTORY_STREAM, type DirectoryEvent, directoryDecider, type DirectoryState } from '#directory';
import { CachedStreamFold, type EventStore } from '#event-store';
import { CATALOGUE_STREAM, type CatalogueEvent, catalogueDecider, type CategoryCatalogue } from '#grid';

/**
 * The small aggregates every case command decides with — the working calendar, the street's directory and the
 * category catalogue — folded once and kept current: refreshed at start, after this process's own changes, and
 * whenever the store announces appends (another process's import or registration), never per command. So a case
 * command reads one stream, its own. A name the snapshot does not know (a unit registered a moment ago by another
 * process) is looked up once more before a command is refused (`ensureKnown`).
 */
export class ReferenceData {
  readonly calendar: CachedStreamFold<WorkingCalendar, CalendarEvent>;
  readonly directory: CachedStreamFold<DirectoryState, DirectoryEvent>;
  readonly catalogue: CachedStreamFold<CategoryCatalogue, CatalogueEvent>;
  private unsubscribe: (() => void) | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private loaded = false;

  constructor(private readonly store: EventStore) {
    this.calendar = new CachedStreamFold(store, CALENDAR_STREAM, calendarDecider);
    this.directory = new CachedStreamFold(store, DIRECTORY_STREAM, directoryDecider);
    this.catalogue = new CachedStreamFold(store, CATALOGUE_STREAM, catalogueDecider);
  }

  /**
   * Reads all three, then follows the store's append notifications (where the adapter has them). A store that is
   * down at boot does not stop the process: the first command reads them (`ensureLoaded`).
   */
  async start(): Promise<void> {
    this.unsubscribe ??= this.store.subscribe?.(() => void this.refreshSoon());
    await this.refreshAll().catch(() => undefined);
  }

  /** Before a command: reads them once if they were never read (the store was down at boot). */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded) await this.refreshAll();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Reads what is new of all three. */
  async refreshAll(): Promise<void> {
    await Promise.all([this.calendar.refresh(), this.directory.refresh(), this.catalogue.refresh()]);
    this.loaded = true;
  }

  /** One refresh at a time, and one more after it when appends were announced meanwhile. */
  private async refreshSoon(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          await this.refreshAll();
        } catch {
          // The store is unavailable for a moment: the next announcement (or command) reads again.
        }
      } while (this.again);
    })().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
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
