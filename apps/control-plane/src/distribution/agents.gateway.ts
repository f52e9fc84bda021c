/**
 * The `/agents` socket.io namespace. Authenticates each agent by its token before the
 * connection is accepted (behind an admission limit), joins it to rooms by agent, service
 * and labels, and hands each message to the service that owns it. No business logic here.
 */
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import {
  AGENTS_NAMESPACE,
  ContractError,
  validateAck,
  validateDecisionBatch,
  validateHello,
  validateRiskReport,
  type ConnectRefusal,
  type DecisionLogAck,
  type HelloReply,
  type RiskReportAck,
} from '@vigil/contracts';
import { DEFAULT_SCOPE } from '../bundle-scopes/scope-selector';
import { DecisionLogsService } from './decision-logs/decision-logs.service';
import { AgentsNamespaceRef, agentRoom, labelRoom, serviceRoom, type AgentSocket, type AgentsNamespace } from './agents-namespace';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from './distribution-options';
import { AdmissionGate } from './sessions/admission-gate';
import { AgentAuthService } from './sessions/agent-auth.service';
import { AgentConnectionsService } from './sessions/agent-connections.service';
import { CatchUpService } from './stream/catch-up.service';
import { RiskReportsService } from '../risk/risk-reports.service';
import { hashToken } from '../auth/api-key-tokens';
import { Public } from '../auth/permission.decorator';

type ErrorReply = { error: { code: string; message: string } };

const admissions = new WeakMap<object, () => void>();

function refusal(code: ConnectRefusal['code'], message: string, retryAfterMs?: number): Error {
  const err = new Error(message) as Error & { data: ConnectRefusal };
  err.data = retryAfterMs === undefined ? { code } : { code, retry_after_ms: retryAfterMs };
  return err;
}

function errorReply(e: unknown): ErrorReply {
  if (e instanceof ContractError) return { error: { code: e.code, message: e.message } };
  return { error: { code: 'INTERNAL', message: (e as Error).message } };
}

// The global API-key guard also runs on gateway messages; agents are authenticated by their
// own token in the namespace middleware before any message can arrive, so API keys don't apply.
@Public()
@WebSocketGateway({ namespace: AGENTS_NAMESPACE, maxHttpBufferSize: 64 * 1024 * 1024, pingInterval: 10_000, pingTimeout: 5_000 })
export class AgentsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(AgentsGateway.name);
  private readonly gate: AdmissionGate;
  private nsp: AgentsNamespace | null = null;

  constructor(
    private readonly auth: AgentAuthService,
    private readonly connections: AgentConnectionsService,
    private readonly catchUp: CatchUpService,
    private readonly decisions: DecisionLogsService,
    private readonly risk: RiskReportsService,
    private readonly ref: AgentsNamespaceRef,
    @Inject(DISTRIBUTION_OPTIONS) private readonly opts: DistributionOptions,
  ) {
    this.gate = new AdmissionGate(opts.maxConcurrentSyncs, opts.admissionRetryMs);
  }

  afterInit(nsp: AgentsNamespace): void {
    this.nsp = nsp;
    this.ref.set(nsp);
    nsp.use((socket, next) => {
      if (nsp.sockets.size >= this.opts.maxAgents) return next(refusal('ADMISSION_LIMIT', 'this replica is full', this.opts.admissionRetryMs * 4));
      const slot = this.gate.tryEnter();
      if ('retryAfterMs' in slot) return next(refusal('ADMISSION_LIMIT', 'too many agents are connecting; retry later', slot.retryAfterMs));
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.auth.authenticate(token).then(
        (agent) => {
          if (!agent) {
            slot.release();
            return next(refusal('UNAUTHORIZED', 'unknown, revoked or rotated agent token'));
          }
          socket.data = { agentId: agent.id, name: agent.name, service: agent.service, labels: agent.labels ?? {}, tokenHash: hashToken(token as string), syncGeneration: 0, scope: DEFAULT_SCOPE, scopeAsOf: 0 };
          admissions.set(socket, slot.release);
          next();
        },
        (e: Error) => {
          slot.release();
          this.logger.warn(`cannot authenticate an agent: ${e.message}`);
          next(refusal('UNAVAILABLE', 'the control plane cannot check credentials right now', this.opts.admissionRetryMs));
        },
      );
    });
  }

  async handleConnection(socket: AgentSocket): Promise<void> {
    const d = socket.data;
    void socket.join([agentRoom(d.agentId), serviceRoom(d.service), ...Object.entries(d.labels).map(([k, v]) => labelRoom(k, v))]);
    await this.connections.connected(d.agentId, d.name).catch((e: Error) => this.logger.warn(`cannot record connection of ${d.name}: ${e.message}`));
  }

  async handleDisconnect(socket: AgentSocket): Promise<void> {
    admissions.get(socket)?.();
    if (socket.data?.agentId) await this.connections.disconnected(socket.data.agentId).catch(() => undefined);
  }

  @SubscribeMessage('hello')
  async hello(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<HelloReply | ErrorReply> {
    try {
      const plan = await this.catchUp.plan(socket, validateHello(body));
      void plan
        .run()
        .then(async (live) => {
          if (!live) return;
          admissions.get(socket)?.(); // caught up: the slot goes to the next agent
          await this.connections.live(socket.data.agentId);
        })
        .catch((e: Error) => {
          this.logger.error(`catch-up of agent ${socket.data.name} failed: ${e.message}`);
          socket.disconnect(true); // it reconnects (jittered) and resumes from what it applied
        });
      return plan.reply;
    } catch (e) {
      return errorReply(e);
    }
  }

  @SubscribeMessage('ack')
  ack(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): void {
    try {
      this.connections.acked(socket.data.agentId, validateAck(body).revision);
    } catch (e) {
      this.logger.warn(`bad ack from ${socket.data.name}: ${(e as Error).message}`);
    }
  }

  @SubscribeMessage('decisions')
  async decisionBatch(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<DecisionLogAck | ErrorReply> {
    try {
      // Current agents send the batch's JSON as bytes; that text is what Postgres unpacks.
      const json = body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') : undefined;
      const batch = validateDecisionBatch(json === undefined ? body : parseBatch(json));
      const accepted = await this.decisions.ingest(socket.data.agentId, batch, json);
      await this.connections.addDropped(socket.data.agentId, batch.dropped);
      return { accepted };
    } catch (e) {
      return errorReply(e);
    }
  }

  @SubscribeMessage('risk_report')
  async riskReport(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<RiskReportAck | ErrorReply> {
    try {
      return { accepted: await this.risk.ingest(socket.data.agentId, socket.data.service, validateRiskReport(body)) };
    } catch (e) {
      return errorReply(e);
    }
  }

  onModuleDestroy(): void {
    this.nsp?.emit('goodbye', { code: 'SHUTTING_DOWN', message: 'control plane replica is shutting down' });
  }
}

function parseBatch(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new ContractError('INVALID_EVENT', 'batch: expected the JSON of a decision-log batch');
  }
}
