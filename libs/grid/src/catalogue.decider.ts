import type { Decider, DecisionContext } from '#core';
import {
  type CategoryCatalogue,
  type CategoryEntryInput,
  DEFAULT_CATEGORY_CATALOGUE,
  extendCatalogue,
} from './category-catalogue.js';

/** The street's one catalogue stream: the admin's additions and changes on top of the built-in catalogue. */
export const CATALOGUE_STREAM = 'catalogue-street';

export type CatalogueEvent = {
  type: 'CatalogueExtended';
  data: { entries: readonly CategoryEntryInput[]; at: string };
};
export type CatalogueCommand = { type: 'ExtendCatalogue'; data: { entries: readonly CategoryEntryInput[] } };

/**
 * The category catalogue as an aggregate: an admin adds sub-classes (another standard, a local class) or tunes a
 * limit or criterion. A finding copies its entry at report time, so a change applies to new findings only.
 * Entries that change nothing are nothing new.
 */
export const catalogueDecider: Decider<CatalogueCommand, CatalogueEvent, CategoryCatalogue, DecisionContext> =
  {
    initialState: () => DEFAULT_CATEGORY_CATALOGUE,
    evolve: (catalogue, event) => extendCatalogue(catalogue, event.data.entries),
    decide(command, catalogue, { now }) {
      const next = extendCatalogue(catalogue, command.data.entries);
      if (JSON.stringify(next) === JSON.stringify(catalogue)) return [];
      return [{ type: 'CatalogueExtended', data: { entries: command.data.entries, at: now.toISOString() } }];
    },
  };
