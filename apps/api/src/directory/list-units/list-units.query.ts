export class ListUnitsQuery {
  constructor(readonly includeInactive: boolean) {}
}
