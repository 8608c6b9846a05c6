import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { PlatformOptions } from '#platform';
import { AppModule } from './app.module.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { createValidationPipe } from './http/validation.js';

export const API_PREFIX = 'api/v1';

/**
 * Builds the API application (not yet listening), for `main.ts` and for tests with supertest.
 * Fastify, because validation is the hot path of intake and Express halves its throughput.
 */
export async function createApiApp(platform: PlatformOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: platform.config.bodyLimitBytes, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(platform), adapter, {
    logger: platform.logger,
    bufferLogs: false,
  });
  // /metrics stays at the root, where Prometheus looks by default.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(platform.logger));
  app.enableShutdownHooks();

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
  return app;
}
