import type { Projection, ProjectionRef } from './projection.js';
import type { RedisProjectionStore } from './redis-projection-store.js';

/*
 * A new version of a projection is built beside the old one (docs/architecture.md, "The read side"): both are
 * registered, the workers build both, queries keep reading the old one until every partition of the new one has
 * reached the head of the log once ("built"); then queries switch to the new one, the old one's lanes stop, and
 * its keys are dropped. A version that is no longer registered is dropped as soon as a higher one is built.
 */

type Versioned = Pick<Projection<unknown>, 'name' | 'version'>;

/** The registered versions of a projection, highest first. */
export function registeredVersions(projections: readonly Versioned[], name: string): number[] {
  return projections
    .filter((projection) => projection.name === name)
    .map((projection) => projection.version)
    .sort((a, b) => b - a);
}

/**
 * The version queries read: the highest registered version that is built, or, while none is (a first start, an
 * empty Redis), the highest registered one, which fills as it catches up.
 */
export async function servingVersion(
  store: RedisProjectionStore,
  projections: readonly Versioned[],
  name: string,
  partitions: number,
): Promise<number> {
  const versions = registeredVersions(projections, name);
  if (versions.length === 0) throw new RangeError(`No projection named ${name}`);
  for (const version of versions) {
    if (await store.isBuilt({ name, version, partitions })) return version;
  }
  return versions[0] as number;
}

/** Whether a higher registered version of the projection is built, so this one has nothing left to serve. */
export async function isSuperseded(
  store: RedisProjectionStore,
  projections: readonly Versioned[],
  ref: ProjectionRef,
): Promise<boolean> {
  return (await servingVersion(store, projections, ref.name, ref.partitions)) > ref.version;
}

/** Drops every stored version below the serving one, once the serving one is built. Returns what was dropped. */
export async function retireSuperseded(
  store: RedisProjectionStore,
  projections: readonly Versioned[],
  name: string,
  partitions: number,
): Promise<number[]> {
  const serving = await servingVersion(store, projections, name, partitions);
  if (!(await store.isBuilt({ name, version: serving, partitions }))) return [];
  const retired = (await store.storedVersions(name)).filter((version) => version < serving);
  for (const version of retired) await store.drop(name, version);
  return retired;
}
