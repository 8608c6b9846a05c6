import type { BikeCommand, FindingCommand, ShopCardCommand } from '#grid';
import type { CommandMeta } from '../../http/command-context.js';

/** A command to one grid aggregate: a finding, a bike or a shop's card record. */
export type GridTarget =
  | { readonly kind: 'finding'; readonly id: string; readonly command: FindingCommand }
  | { readonly kind: 'bike'; readonly id: string; readonly command: BikeCommand }
  | { readonly kind: 'shop'; readonly id: string; readonly command: ShopCardCommand };

export class RunGridCommand {
  constructor(
    readonly target: GridTarget,
    readonly meta: CommandMeta,
  ) {}
}
