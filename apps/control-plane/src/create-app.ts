/**
 * Builds the Nest application from a config: body parsing, validation, request logging,
 * metrics, OpenAPI at /docs. Used by main.ts, the e2e tests and the bench, so all three
 * run the same app.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AppModule } from './app.module';
import { createRootLogger, PinoNestLogger } from './common/pino-logger';
import { createValidationPipe } from './common/validation';
import type { VigilConfig } from './config/config';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';

export async function createApp(config: VigilConfig, logger: Logger = createRootLogger(config.logLevel)): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  // Any JSON value is a valid data document, so not only objects and arrays (strict: false).
  app.useBodyParser('json', { limit: '4mb', strict: false, type: ['application/json', 'application/*+json'] });
  // Shared Signals push delivery (RFC 8935): the body is a bare SET, a compact JWS.
  app.useBodyParser('text', { limit: '64kb', type: ['application/secevent+jwt'] });
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' } }));
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');

  const doc = new DocumentBuilder()
    .setTitle('Vigil control plane')
    .setDescription('Admin API: policies, data, role bindings, revocations, agents, bundles, audit, evaluate. Every change returns its revision.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
