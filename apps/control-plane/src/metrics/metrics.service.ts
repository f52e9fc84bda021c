import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The control plane's Prometheus metrics, in a registry of its own (not prom-client's
 * global one) so several app instances can live in one process, as in tests.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'Admin API request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly publishDuration = new Histogram({
    name: 'vigil_publish_duration_seconds',
    help: 'Policy publish latency: compile, test, sign, store, commit',
    labelNames: ['outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly compileDuration = new Histogram({
    name: 'vigil_compile_duration_seconds',
    help: 'Rego compile time of a policy set',
    labelNames: ['purpose'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly revisionHead = new Gauge({
    name: 'vigil_revision_head',
    help: 'Newest revision this replica knows of',
    registers: [this.registry],
  });

  readonly expiries = new Counter({
    name: 'vigil_expiries_total',
    help: 'Role bindings and revocations whose expiry became a revision on this replica',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
