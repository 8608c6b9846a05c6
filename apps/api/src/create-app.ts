import { createServer, type RequestListener } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { PlatformOptions } from '#platform';
import { AppModule } from './app.module.js';
import { acceptJsonBodies, limitAuthBodies } from './http/json-body.js';
import { frameworkErrorAsProblem } from './http/problem-details.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { createValidationPipe } from './http/validation.js';
import { acceptPhotoBodies } from './photos/photos.http.controller.js';
import { serveConsole } from './web/console-static.js';

export const API_PREFIX = 'api/v1';

/** The little of Fastify's reply that answers a router error. */
interface ProblemReply {
  code(status: number): ProblemReply;
  header(name: string, value: string): ProblemReply;
  send(payload: unknown): unknown;
}

/**
 * Builds the API application (not yet listening), for `main.ts` and for tests with supertest.
 * Fastify, because validation is the hot path of intake and Express halves its throughput.
 */
export async function createApiApp(platform: PlatformOptions): Promise<NestFastifyApplication> {
  const { config } = platform;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (request.ip is the client then).
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    // A request must arrive — headers within 10 s, all of it within REQUEST_TIMEOUT_MS — or it answers 408 and the
    // connection closes: a trickled body cannot hold a connection (and its parser) open for ever. Streams that
    // answer for long (GET /stream) are not affected: the limit ends when the request has been received.
    serverFactory: (handler: RequestListener) =>
      createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.requestTimeoutMs, 10_000),
          connectionsCheckingInterval: Math.min(
            30_000,
            Math.max(100, Math.floor(config.requestTimeoutMs / 4)),
          ),
          keepAliveTimeout: 72_000,
        },
        handler,
      ),
    // A malformed URL or an over-long path parameter, which the router answers itself: problem+json too.
    frameworkErrors: (
      error: { readonly statusCode?: number; readonly code?: string },
      request: { readonly raw: { readonly url?: string } },
      reply: unknown,
    ) => {
      const problem = frameworkErrorAsProblem(error, request.raw.url);
      void (reply as ProblemReply)
        .code(problem.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(problem);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(platform), adapter, {
    logger: platform.logger,
    bufferLogs: false,
    // The body parsers are this API's own (acceptJsonBodies, acceptPhotoBodies): no forms, no plain text.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  limitAuthBodies(fastify, `/${API_PREFIX}`);
  acceptJsonBodies(fastify, config.bodyLimitBytes);
  // /metrics stays at the root, where Prometheus looks by default.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(platform.logger));
  app.enableShutdownHooks();
  // CORS is off unless CORS_ORIGINS names the browser origins allowed (the console is served by the API itself).
  if (platform.config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...platform.config.corsOrigins], credentials: false, maxAge: 600 });
  }
  acceptPhotoBodies(fastify);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(self)');
      if (!request.url.startsWith('/api/docs')) {
        reply.header(
          'content-security-policy',
          "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'; object-src 'none'",
        );
      }
      // Case data, personal data and tokens: nothing under the API is kept by a browser or a shared cache.
      if (request.url.startsWith(`/${API_PREFIX}/`)) reply.header('cache-control', 'no-store');
      done(null, payload);
    });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Chengyun (城运) API')
      .setDescription(
        'Case handling for a street city operations center: 12345 tickets, grid findings, rates.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  // The web console (apps/web) at `/`.
  await serveConsole(app);
  return app;
}
