/**
 * Receives OpenID Shared Signals security event tokens (RFC 8417 SETs, pushed as in
 * RFC 8935): finds the transmitter by the unverified `iss`, verifies the JWT with jose
 * against that transmitter's keys (issuer, audience, `typ` secevent+jwt when present),
 * deduplicates by (iss, jti), maps each event (caep-mapping.ts) to a revocation or a
 * signal — each its own audited revision, by actor `set:<transmitter>` — and records a
 * receipt with what every event became. Anything unverifiable is refused; nothing is
 * applied from a token that did not verify.
 */
import { Injectable, Logger } from '@nestjs/common';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { RevocationRow } from '../../revocations/revocation.entity';
import { RevocationsService } from '../../revocations/revocations.service';
import { RevisionsService } from '../../revisions/revisions.service';
import { SignalsService } from '../signals.service';
import { mapEvent } from './caep-mapping';
import { SetDeliveryError } from './set-delivery.error';
import { TransmittersService } from './transmitters.service';

/** What one event of a SET became. */
export interface EventOutcome {
  readonly event: string;
  readonly action: 'revoke' | 'lift' | 'signal' | 'ignore';
  readonly detail: string;
  readonly revision: number | null;
}

export interface SetReceipt {
  readonly jti: string;
  readonly issuer: string;
  readonly duplicate: boolean;
  readonly outcomes: readonly EventOutcome[];
}

/** JWS algorithms accepted from transmitters (asymmetric only: a shared secret is not a transmitter's identity). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

@Injectable()
export class SetReceiverService {
  private readonly logger = new Logger(SetReceiverService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transmitters: TransmittersService,
    private readonly revocations: RevocationsService,
    private readonly signals: SignalsService,
    private readonly revisions: RevisionsService,
  ) {}

  async receive(token: unknown): Promise<SetReceipt> {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token.trim())) {
      throw new SetDeliveryError('invalid_request', 'the body must be one compact JWS (Content-Type: application/secevent+jwt)');
    }
    const jwt = token.trim();
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(jwt).iss;
    } catch {
      throw new SetDeliveryError('invalid_request', 'the token is not a decodable JWT');
    }
    if (!issuer) throw new SetDeliveryError('invalid_issuer', 'the token has no iss');
    const t = await this.transmitters.byIssuer(issuer);
    if (!t) throw new SetDeliveryError('invalid_issuer', `no enabled transmitter has issuer ${JSON.stringify(issuer)}`);

    let claims: Record<string, unknown>;
    try {
      const verified = await jwtVerify(jwt, this.transmitters.keySet(t), { issuer: t.issuer, audience: t.audience ?? undefined, algorithms: ALGORITHMS });
      const typ = verified.protectedHeader.typ?.toLowerCase().replace(/^application\//, '');
      if (typ !== undefined && typ !== 'secevent+jwt') throw new SetDeliveryError('invalid_request', `typ ${JSON.stringify(verified.protectedHeader.typ)} is not secevent+jwt`);
      claims = verified.payload as Record<string, unknown>;
    } catch (e) {
      throw toDeliveryError(e);
    }
    const jti = claims.jti;
    const events = claims.events;
    if (typeof jti !== 'string' || jti.length === 0) throw new SetDeliveryError('invalid_request', 'the SET has no jti');
    if (!events || typeof events !== 'object' || Array.isArray(events) || Object.keys(events).length === 0) throw new SetDeliveryError('invalid_request', 'the SET has no events');

    const seen: { outcome: EventOutcome[] }[] = await this.dataSource.query('SELECT outcome FROM signal_receipts WHERE issuer = $1 AND jti = $2', [issuer, jti]);
    if (seen.length > 0) return { jti, issuer, duplicate: true, outcomes: seen[0].outcome };

    const actor = `set:${t.name}`;
    const outcomes: EventOutcome[] = [];
    for (const [type, event] of Object.entries(events as Record<string, unknown>)) {
      const m = mapEvent(type, event, claims, t.name, t.revokeSeconds);
      if (m.kind === 'ignore') {
        outcomes.push({ event: type, action: 'ignore', detail: m.reason, revision: null });
      } else if (m.kind === 'revoke') {
        const r = m.revocation;
        const res = await this.revocations.revoke(actor, { kind: r.kind, value: r.value, reason: r.reason, expiresAt: r.ttlSeconds === null ? undefined : new Date(Date.now() + r.ttlSeconds * 1000).toISOString() });
        outcomes.push({ event: type, action: 'revoke', detail: `${r.kind} ${r.value}`, revision: res.revision });
      } else if (m.kind === 'lift') {
        outcomes.push({ event: type, ...(await this.liftDisabled(actor, t.id, m.lift.value, m.lift.after)) });
      } else {
        const s = m.signal;
        const res = await this.signals.put(actor, {
          target: 'subject',
          value: s.value,
          name: s.name,
          level: s.level,
          reason: s.reason,
          attributes: s.attributes,
          source: actor,
          expiresAt: s.ttlSeconds === null ? null : new Date(Date.now() + s.ttlSeconds * 1000).toISOString(),
        });
        outcomes.push({ event: type, action: 'signal', detail: `${s.name}=${s.level} for ${s.value}`, revision: res.revision });
      }
    }
    await this.dataSource.query('INSERT INTO signal_receipts (issuer, jti, transmitter_id, events, outcome) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      issuer,
      jti,
      t.id,
      JSON.stringify(Object.keys(events)),
      JSON.stringify(outcomes),
    ]);
    this.logger.log(`SET ${jti} from ${t.name}: ${outcomes.map((o) => `${o.action} ${o.detail}`).join('; ')}`);
    return { jti, issuer, duplicate: false, outcomes };
  }

  /**
   * Lifts the subject's revocation (an audited revision by the transmitter's actor) when the
   * transmitter's own `after` event (account-disabled) created it and it has not changed since:
   * it was created by this actor and its last revision is one a receipt of that event records.
   * A revocation an operator or another source made or touched stays, and so does one that a
   * later event (sessions-revoked) turned into a timed one. Checked under the revision lock.
   */
  private async liftDisabled(actor: string, transmitterId: string, subject: string, after: string): Promise<Omit<EventOutcome, 'event'>> {
    try {
      const { revision } = await this.revisions.commit(actor, async (change) => {
        const row = await change.em.findOneBy(RevocationRow, { kind: 'subject', value: subject });
        if (!row || row.expiredRevision !== null) throw new NothingToLift(`no revocation of subject ${subject} is in force`);
        const ours = row.createdBy === actor && (await change.em.query('SELECT 1 FROM signal_receipts WHERE transmitter_id = $1 AND outcome @> $2::jsonb LIMIT 1', [transmitterId, JSON.stringify([{ event: after, action: 'revoke', revision: row.revision }])])).length > 0;
        if (!ours) throw new NothingToLift(`the revocation of subject ${subject} (revision ${row.revision}, by ${row.createdBy}) is not the one this transmitter's account-disabled put in place; left in force`);
        await this.revocations.liftIn(change, row.id);
      });
      return { action: 'lift', detail: `subject ${subject}`, revision };
    } catch (e) {
      if (e instanceof NothingToLift) return { action: 'ignore', detail: e.message, revision: null };
      throw e;
    }
  }

  /** Receipts, newest first, with the transmitter's name (null once it is removed); optionally one transmitter's. */
  async receipts(limit: number, offset: number, transmitterId?: string) {
    const where = transmitterId ? 'WHERE r.transmitter_id = $3' : '';
    const params = transmitterId ? [limit, offset, transmitterId] : [limit, offset];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT r.issuer, r.jti, r.transmitter_id AS "transmitterId", t.name AS "transmitter", r.received_at AS "receivedAt", r.events, r.outcome
       FROM signal_receipts r LEFT JOIN signal_transmitters t ON t.id = r.transmitter_id ${where}
       ORDER BY r.received_at DESC, r.jti LIMIT $1 OFFSET $2`,
      params,
    );
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) AS count FROM signal_receipts r ${where.replace('$3', '$1')}`, transmitterId ? [transmitterId] : []);
    return { items: rows, total: Number(count), limit, offset };
  }
}

/** Rolls back a lift that finds nothing of the transmitter's to undo (no revision is used). */
class NothingToLift extends Error {}

function toDeliveryError(e: unknown): SetDeliveryError {
  if (e instanceof SetDeliveryError) return e;
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return new SetDeliveryError('invalid_audience', e.message);
    if (e.claim === 'iss') return new SetDeliveryError('invalid_issuer', e.message);
    return new SetDeliveryError('invalid_request', e.message);
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey) return new SetDeliveryError('invalid_key', 'no key of the transmitter matches the token');
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return new SetDeliveryError('authentication_failed', 'the signature does not verify');
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return new SetDeliveryError('invalid_request', e.message);
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JOSEError) return new SetDeliveryError('invalid_key', (e as Error).message);
  return new SetDeliveryError('invalid_request', (e as Error).message);
}
