import 'reflect-metadata';
import { Controller, Delete, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { VIGIL_ENGINE, VIGIL_GUARD_OPTIONS, VigilEntrypoint, VigilGuard } from './vigil.guard';
import { HTTP_RBAC, inProcessEngine } from '../testing/in-process-engine';
import type { VigilEngine } from '../vigil-engine';

const POLICY = `${HTTP_RBAC}
deny_all := false
`;

@Controller('orders')
@UseGuards(VigilGuard)
class OrdersController {
  @Get(':id')
  get() {
    return { ok: true };
  }

  @Delete(':id')
  remove() {
    return { deleted: true };
  }

  @Get(':id/audit')
  @VigilEntrypoint('http/deny_all')
  audit() {
    return { audit: true };
  }
}

let app: INestApplication;
let engine: VigilEngine;
let base: string;

beforeAll(async () => {
  engine = await inProcessEngine(POLICY, ['http/allow', 'http/deny_all'], [
    { id: 'b1', subject: 'ann', role: 'reader' },
    { id: 'b2', subject: 'root', role: 'admin' },
  ], 300);
  @Module({
    controllers: [OrdersController],
    providers: [{ provide: VIGIL_ENGINE, useValue: engine }, { provide: VIGIL_GUARD_OPTIONS, useValue: { entrypoint: 'http/allow' } }, VigilGuard],
  })
  class TestModule {}
  app = await NestFactory.create(TestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app.close();
  await engine.close();
});

describe('VigilGuard (NestJS, in-process engine)', () => {
  beforeEach(() => engine.enforcer.heartbeat(engine.enforcer.applied));

  it('lets allowed requests through and answers 403 with the reason otherwise', async () => {
    expect((await fetch(`${base}/orders/1`, { headers: { 'x-user': 'ann' } })).status).toBe(200);
    expect((await fetch(`${base}/orders/1`, { method: 'DELETE', headers: { 'x-user': 'root' } })).status).toBe(200);
    const denied = await fetch(`${base}/orders/1`, { method: 'DELETE', headers: { 'x-user': 'ann' } });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'ACCESS_DENIED', reason: 'denied' });
  });

  it('uses the entrypoint a route names', async () => {
    expect((await fetch(`${base}/orders/1/audit`, { headers: { 'x-user': 'root' } })).status).toBe(403);
  });

  it('denies stale once the lease lapses, and allows again after a heartbeat', async () => {
    await new Promise((r) => setTimeout(r, 400)); // max staleness is 300 ms here
    const res = await fetch(`${base}/orders/1`, { headers: { 'x-user': 'ann' } });
    expect(res.status).toBe(403);
    expect((await res.json()).reason).toBe('stale');
    engine.enforcer.heartbeat(engine.enforcer.applied);
    expect((await fetch(`${base}/orders/1`, { headers: { 'x-user': 'ann' } })).status).toBe(200);
  });
});
