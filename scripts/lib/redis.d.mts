/** Resolves true when a Redis server answers PING at the URL. */
export function pingRedis(url: string, timeoutMs?: number): Promise<boolean>;
/** Makes sure Redis answers at `url`; returns a stop function for a private server it started, or null. */
export function ensureRedis(
  url: string,
  dataDir: string,
  log?: (line: string) => void,
): Promise<(() => Promise<void>) | null>;
