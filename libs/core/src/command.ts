/** A request to change one aggregate, in the imperative (`SignTicket`). */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
