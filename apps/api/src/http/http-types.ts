/** The little of Fastify's request that controllers read. */
export interface HttpRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly url?: string;
}

/** The little of Fastify's reply that controllers set. */
export interface HttpReply {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
}

/** The first value of a request header, or undefined. */
export function headerOf(request: Pick<HttpRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
