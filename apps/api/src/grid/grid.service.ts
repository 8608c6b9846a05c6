import { Inject, Injectable } from '@nestjs/common';
import { WriteSide } from '#commands';
import type { Aggregate } from '#event-store';
import type { BikeState, FindingState, ShopCardState } from '#grid';

/**
 * Grid aggregates read from their streams for the detail views (commands go through the write side,
 * libs/commands), and the grids of an inspector when no token names them (AUTH_MODE=off).
 */
@Injectable()
export class GridService {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  readFinding(findingId: string): Promise<Aggregate<FindingState>> {
    return this.writeSide.grid.readFinding(findingId);
  }

  readShop(shopId: string): Promise<Aggregate<ShopCardState>> {
    return this.writeSide.grid.readShop(shopId);
  }

  readBike(bikeId: string): Promise<Aggregate<BikeState>> {
    return this.writeSide.grid.readBike(bikeId);
  }

  /** The grids whose inspector the actor is, from the directory. */
  async gridsOfInspector(actorId: string): Promise<string[]> {
    const { grids } = await this.writeSide.directory.state();
    return [...grids.values()]
      .filter((grid) => grid.inspectorIds.includes(actorId))
      .map((grid) => grid.gridId);
  }
}
