import type { GridLevel } from '#directory';

export class ListGridsQuery {
  constructor(readonly level: GridLevel | undefined) {}
}
