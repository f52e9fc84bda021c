import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/domain-error';
import { Publisher } from '../publishing/publisher.service';
import type { PutPolicyDto } from './dto/policy.dto';
import { PoliciesService } from './policies.service';

/** The policy write endpoints, each a publish of the whole set. */
@Injectable()
export class PolicyWriter {
  constructor(
    private readonly policies: PoliciesService,
    private readonly publisher: Publisher,
  ) {}

  put(actor: string, id: string, dto: PutPolicyDto) {
    return this.publisher.publish(actor, { id, source: dto.source, message: dto.message, expectedVersion: dto.expectedVersion, action: 'policy.publish' });
  }

  remove(actor: string, id: string) {
    return this.publisher.publish(actor, { id, source: null, action: 'policy.delete' });
  }

  /** Rollback is a publish of an earlier version's text: a new version, a new revision. */
  async rollback(actor: string, id: string, version: number) {
    const earlier = await this.policies.versionRow(id, version);
    if (earlier.source === null) throw new ConflictError('CANNOT_ROLL_BACK_TO_DELETION', `version: version ${version} of ${id} records its deletion; delete the policy instead`);
    return this.publisher.publish(actor, { id, source: earlier.source, message: `rollback to version ${version}`, action: 'policy.rollback' });
  }
}
