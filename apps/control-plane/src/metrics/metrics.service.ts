import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The control plane's Prometheus metrics, in a registry of its own (not prom-client's
 * global one) so several app instances can live in one process, as in tests.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = histogram(this.registry, 'vigil_http_request_duration_seconds', 'Admin API request latency', ['method', 'route', 'status'], [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);

  readonly publishDuration = histogram(this.registry, 'vigil_publish_duration_seconds', 'Policy publish latency: compile, test, sign, store, commit', ['outcome'], [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

  readonly compileDuration = histogram(this.registry, 'vigil_compile_duration_seconds', 'Rego compile time of a policy set', ['purpose'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);

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

/** A latency histogram (seconds) in `registry`, with buckets around what it times. */
function histogram<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
  return new Histogram({ name, help, labelNames, buckets, registers: [registry] });
}
