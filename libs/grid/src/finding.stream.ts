/** The stream category of grid findings. */
export const FINDING_STREAM_CATEGORY = 'finding';

/** The stream of one finding: `finding-<id>`. */
export const findingStream = (id: string): string => `${FINDING_STREAM_CATEGORY}-${id}`;

/** The finding id of a `finding-<id>` stream, or undefined for another stream. */
export function findingIdOf(stream: string): string | undefined {
  const prefix = `${FINDING_STREAM_CATEGORY}-`;
  return stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : undefined;
}
