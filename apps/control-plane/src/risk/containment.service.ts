import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fleetScoreAt, type FleetRisk } from '@vigil/contracts';
import { DataSource, MoreThan } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { page, type Page, type PageQuery } from '../common/pagination';
import type { ChangeContext } from '../revisions/change-context';
import { RevisionsService } from '../revisions/revisions.service';
import { RevocationRow } from '../revocations/revocation.entity';
import { RevocationsService } from '../revocations/revocations.service';
import { SignalRow } from '../signals/signal.entity';
import { SignalsService } from '../signals/signals.service';
import { ContainmentActionRow } from './containment-action.entity';
import { ContainmentRuleRow } from './containment-rule.entity';
import { FleetRiskRow, fleetRecord } from './fleet-risk.entity';
import type { ContainmentActionQuery, CreateContainmentRuleDto, UpdateContainmentRuleDto } from './dto/containment-rule.dto';

/** Rolls back a firing that another replica (or an earlier pass) already took. */
class AlreadyContained extends Error {}

/**
 * Containment rules and the automatic actions they take. When a fleet aggregate exceeds
 * an enabled rule's threshold, the rule revokes the subject or service (or raises a
 * `contained` signal) for its duration: one revision, by actor `containment:<rule>`, that
 * holds the revocation, the action row and an audit event. A rule fires at most once per
 * entity per duration (checked under the revision lock, so replicas do not double up; a
 * reverted action also counts, so an operator's revert is not undone on the next pass),
 * and never shortens a revocation already in force. Reverting lifts what the action put
 * in place, again as an audited revision.
 */
@Injectable()
export class ContainmentService {
  private readonly logger = new Logger(ContainmentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly revisions: RevisionsService,
    private readonly revocations: RevocationsService,
    private readonly signals: SignalsService,
  ) {}

  // ---- rules ----

  async listRules(): Promise<ContainmentRuleRow[]> {
    return this.dataSource.getRepository(ContainmentRuleRow).find({ order: { name: 'ASC' } });
  }

  async createRule(actor: string, dto: CreateContainmentRuleDto) {
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      if (await change.em.findOneBy(ContainmentRuleRow, { name: dto.name })) throw new ConflictError('RULE_EXISTS', `a containment rule named ${dto.name} exists`);
      const row = change.em.create(ContainmentRuleRow, {
        id: randomUUID(),
        name: dto.name,
        target: dto.target,
        threshold: dto.threshold,
        action: dto.action,
        durationSeconds: dto.durationSeconds,
        enabled: dto.enabled ?? true,
        revision: change.revision,
        createdAt: change.now,
        createdBy: change.actor,
        updatedAt: change.now,
      });
      await change.em.insert(ContainmentRuleRow, row);
      change.log('noop', `containment_rule:${row.id}`, {});
      change.audit('containment_rule.create', `containment_rule:${row.id}`, null, row);
      return row;
    });
    // A new rule applies to the fleet as it is now, not only to the next change of a score.
    const actions = result.enabled ? await this.evaluate(await this.hotSpots(result)) : [];
    return { ...result, revision, actions: actions.map((a) => a.id) };
  }

  private async hotSpots(rule: ContainmentRuleRow): Promise<FleetRisk[]> {
    // Stored scores are as of their push; agents have decayed them since, and so does the rule.
    const rows = await this.dataSource.getRepository(FleetRiskRow).findBy({ target: rule.target, score: MoreThan(rule.threshold) });
    const now = Date.now();
    return rows.map(fleetRecord).flatMap((f) => {
      const score = fleetScoreAt(f, now);
      return score > rule.threshold ? [{ ...f, score }] : [];
    });
  }

  async updateRule(actor: string, id: string, dto: UpdateContainmentRuleDto) {
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      const before = await change.em.findOneBy(ContainmentRuleRow, { id });
      if (!before) throw ruleNotFound(id);
      const after = { ...before, ...dto, revision: change.revision, updatedAt: change.now };
      await change.em.update(ContainmentRuleRow, { id }, { threshold: after.threshold, action: after.action, durationSeconds: after.durationSeconds, enabled: after.enabled, revision: change.revision, updatedAt: change.now });
      change.log('noop', `containment_rule:${id}`, {});
      change.audit('containment_rule.update', `containment_rule:${id}`, before, after);
      return after;
    });
    return { ...result, revision };
  }

  async deleteRule(actor: string, id: string) {
    const { revision } = await this.revisions.commit(actor, async (change) => {
      const before = await change.em.findOneBy(ContainmentRuleRow, { id });
      if (!before) throw ruleNotFound(id);
      await change.em.delete(ContainmentRuleRow, { id });
      change.log('noop', `containment_rule:${id}`, {});
      change.audit('containment_rule.delete', `containment_rule:${id}`, before, null);
    });
    return { id, deleted: true, revision };
  }

  // ---- actions ----

  async listActions(q: ContainmentActionQuery): Promise<Page<ContainmentActionRow>> {
    const [rows, total] = await this.dataSource
      .getRepository(ContainmentActionRow)
      .findAndCount({ where: q.value ? { value: q.value } : {}, order: { createdAt: 'DESC' }, take: q.limit, skip: q.offset });
    return page(rows, total, q as PageQuery);
  }

  /** Fires every enabled rule that a changed aggregate exceeds. */
  async evaluate(changed: readonly FleetRisk[]): Promise<ContainmentActionRow[]> {
    if (changed.length === 0) return [];
    const rules = await this.dataSource.getRepository(ContainmentRuleRow).findBy({ enabled: true });
    const taken: ContainmentActionRow[] = [];
    for (const agg of changed) {
      for (const rule of rules) {
        if (rule.target !== agg.target || !(agg.score > rule.threshold)) continue;
        try {
          const a = await this.fire(rule, agg);
          if (a) taken.push(a);
        } catch (e) {
          this.logger.error(`containment rule ${rule.name} on ${agg.target} ${agg.value} failed: ${(e as Error).message}`);
        }
      }
    }
    return taken;
  }

  private async fire(rule: ContainmentRuleRow, agg: FleetRisk): Promise<ContainmentActionRow | null> {
    try {
      const { result } = await this.revisions.commit(`containment:${rule.name}`, async (change) => {
        const recent: unknown[] = await change.em.query(
          `SELECT 1 FROM containment_actions WHERE rule_id = $1 AND target = $2 AND value = $3 AND created_at > $4::timestamptz - make_interval(secs => $5) LIMIT 1`,
          [rule.id, agg.target, agg.value, change.now, rule.durationSeconds],
        );
        if (recent.length > 0) throw new AlreadyContained();
        const expiresAt = new Date(change.now.getTime() + rule.durationSeconds * 1000);
        const reason = `containment rule ${rule.name}: fleet risk ${agg.score} > ${rule.threshold}${agg.reasons[0] ? ` (${agg.reasons[0]})` : ''}`;
        let revocationId: string | null = null;
        let signalId: string | null = null;
        if (rule.action === 'revoke') {
          if (await this.revokedBeyond(change, rule, agg, expiresAt)) throw new AlreadyContained();
          revocationId = (await this.revocations.revokeIn(change, { kind: agg.target, value: agg.value, reason, expiresAt: expiresAt.toISOString() })).view.id;
        } else {
          signalId = (await this.signals.putIn(change, { target: agg.target, value: agg.value, name: 'contained', level: agg.score, reason, source: `containment:${rule.name}`, expiresAt: expiresAt.toISOString() })).view.id;
        }
        const action = change.em.create(ContainmentActionRow, {
          id: randomUUID(),
          ruleId: rule.id,
          ruleName: rule.name,
          target: agg.target,
          value: agg.value,
          action: rule.action,
          score: agg.score,
          reasons: [...agg.reasons],
          revocationId,
          signalId,
          revision: change.revision,
          createdAt: change.now,
          expiresAt,
          revertedAt: null,
          revertedBy: null,
          revertRevision: null,
        });
        await change.em.save(ContainmentActionRow, action);
        change.audit('risk.containment', `containment_action:${action.id}`, null, action);
        return action;
      });
      this.logger.warn(`containment rule ${rule.name}: ${rule.action} ${agg.target} ${agg.value} (fleet risk ${agg.score}) at revision ${result.revision}`);
      return result;
    } catch (e) {
      if (e instanceof AlreadyContained) return null;
      throw e;
    }
  }

  /** Whether a revocation in force already lasts at least until `until` (containment must never shorten one). */
  private async revokedBeyond(change: ChangeContext, rule: ContainmentRuleRow, agg: FleetRisk, until: Date): Promise<boolean> {
    const r = await change.em.findOneBy(RevocationRow, { kind: rule.target, value: agg.value });
    if (!r || r.expiredRevision !== null) return false;
    return r.expiresAt === null || r.expiresAt.getTime() >= until.getTime();
  }

  /** Undoes an automatic action: lifts its revocation or signal if still the one it put in place. */
  async revert(actor: string, id: string) {
    const { result, revision } = await this.revisions.commit(actor, async (change) => {
      const a = await change.em.findOneBy(ContainmentActionRow, { id });
      if (!a) throw new NotFoundError('CONTAINMENT_ACTION_NOT_FOUND', `no containment action with id ${id}`);
      if (a.revertedAt) throw new ConflictError('ALREADY_REVERTED', `action ${id} was reverted at revision ${a.revertRevision} by ${a.revertedBy}`);
      // Lift only what this action still owns: a later manual revocation of the same subject is someone else's decision.
      const revocation = a.revocationId ? await change.em.findOneBy(RevocationRow, { id: a.revocationId }) : null;
      const signal = a.signalId ? await change.em.findOneBy(SignalRow, { id: a.signalId }) : null;
      if (revocation && revocation.revision === a.revision) await this.revocations.liftIn(change, revocation.id);
      else if (signal && signal.revision === a.revision) await this.signals.liftIn(change, signal.id);
      else change.log('noop', `containment_action:${id}`, {});
      await change.em.update(ContainmentActionRow, { id }, { revertedAt: change.now, revertedBy: change.actor, revertRevision: change.revision });
      const after = { ...a, revertedAt: change.now, revertedBy: change.actor, revertRevision: change.revision };
      change.audit('risk.containment.revert', `containment_action:${id}`, a, after);
      return after;
    });
    return { ...result, revision };
  }
}

function ruleNotFound(id: string): NotFoundError {
  return new NotFoundError('CONTAINMENT_RULE_NOT_FOUND', `no containment rule with id ${id}`);
}
