export class GetFindingQuery {
  constructor(readonly findingId: string) {}
}
