import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidRequestError } from '../common/domain-error';
import { Publisher } from '../publishing/publisher.service';
import type { PublishPolicySetDto, PutPolicyDto } from './dto/policy.dto';
import { PoliciesService } from './policies.service';

/** The policy write endpoints, each a publish of the whole set. */
@Injectable()
export class PolicyWriter {
  constructor(
    private readonly policies: PoliciesService,
    private readonly publisher: Publisher,
  ) {}

  put(actor: string, id: string, dto: PutPolicyDto) {
    return this.publisher.publish(actor, { id, source: dto.source, message: dto.message, expectedVersion: dto.expectedVersion, bundleScope: dto.bundleScope, action: 'policy.publish' });
  }

  remove(actor: string, id: string) {
    return this.publisher.publish(actor, { id, source: null, action: 'policy.delete' });
  }

  /** Several upserts and removals in one publish: one compile, one test run, one revision. */
  publishSet(actor: string, dto: PublishPolicySetDto) {
    const upserts = dto.policies ?? [];
    const removes = dto.remove ?? [];
    const ids = [...upserts.map((p) => p.id), ...removes];
    if (ids.length === 0) throw new InvalidRequestError('VALIDATION_FAILED', 'policies, remove: give at least one policy to publish or remove');
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice !== undefined) throw new InvalidRequestError('VALIDATION_FAILED', `policies, remove: policy ${twice} appears more than once`);
    return this.publisher.publishSet(actor, [
      ...upserts.map((p) => ({ id: p.id, source: p.source, message: dto.message, bundleScope: p.bundleScope ?? dto.bundleScope, action: 'policy.publish' })),
      ...removes.map((id) => ({ id, source: null, message: dto.message, action: 'policy.delete' })),
    ]);
  }

  /** Rollback is a publish of an earlier version's text: a new version, a new revision. */
  async rollback(actor: string, id: string, version: number) {
    const earlier = await this.policies.versionRow(id, version);
    if (earlier.source === null) throw new ConflictError('CANNOT_ROLL_BACK_TO_DELETION', `version: version ${version} of ${id} records its deletion; delete the policy instead`);
    return this.publisher.publish(actor, { id, source: earlier.source, message: `rollback to version ${version}`, action: 'policy.rollback' });
  }
}
