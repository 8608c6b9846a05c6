import { createReadStream, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The web console's folder: apps/web beside the sources (apps/api/src/web → ../../../web) or, when the API runs
 * compiled (dist/apps/api/src/web), the same folder of the repository.
 */
function webRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [resolve(here, '../../../web'), resolve(here, '../../../../../apps/web')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

/** The browser libraries the console loads, served from node_modules (never copied into the repository). */
const VENDOR: Readonly<Record<string, string>> = {
  'echarts.min.js': 'echarts/dist/echarts.min.js',
};

/**
 * Serves the web console (apps/web, plain ES modules, no build) at `/` and its vendored libraries at `/vendor/…`,
 * under the API's strict CSP (no inline script or style, nothing from another origin).
 */
export async function serveConsole(app: NestFastifyApplication): Promise<void> {
  const root = webRoot();
  if (!root) return;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: true,
    maxAge: 0,
  });
  const modules = resolve(root, '../../node_modules');
  for (const [name, path] of Object.entries(VENDOR)) {
    const file = join(modules, path);
    fastify.get(`/vendor/${name}`, (_request, reply) => {
      if (!existsSync(file)) return reply.code(404).send();
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(createReadStream(file));
    });
  }
}
