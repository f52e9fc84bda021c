/**
 * What a security event token's events mean for enforcement. OpenID CAEP and RISC event
 * types become revocations (the subject or session can no longer act) or signals (risk
 * that policies weigh); anything else is acknowledged and ignored, with the reason kept
 * in the receipt. Pure: no I/O, so the table is tested on its own.
 *
 *   caep session-revoked            → revoke the session (or the subject, for revokeSeconds)
 *   caep credential-change          → signal credential_change (0.6 for revoke/delete, else 0.3)
 *   caep assurance-level-change     → signal assurance_level (0.5 when it decreased, else 0)
 *   caep device-compliance-change   → signal device_compliance (0.8 when not-compliant, else 0)
 *   caep token-claims-change        → signal token_claims_change (0.2)
 *   risc account-disabled / -purged → revoke the subject (no expiry)
 *   risc account-enabled            → lift the subject's revocation if this transmitter's
 *                                     account-disabled put it in place and nothing changed it since
 *   risc sessions-revoked           → revoke the subject for revokeSeconds
 *   risc credential-compromise      → signal compromised (1.0)
 *   risc account-credential-change-required → signal credential_change_required (0.5)
 */
import type { RevocationKind } from '@vigil/contracts';

export const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
export const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';

/** How long signals derived from one-off events stay in force. */
const EVENT_SIGNAL_TTL_S = 24 * 3600;
/** A revoked session id never comes back; the row only needs to outlive its tokens. */
const SESSION_REVOCATION_TTL_S = 24 * 3600;

export type MappedAction =
  | { readonly kind: 'revoke'; readonly revocation: { readonly kind: RevocationKind; readonly value: string; readonly reason: string; readonly ttlSeconds: number | null } }
  | { readonly kind: 'signal'; readonly signal: { readonly value: string; readonly name: string; readonly level: number; readonly reason: string; readonly attributes: Record<string, unknown>; readonly ttlSeconds: number | null } }
  | { readonly kind: 'lift'; readonly lift: { readonly kind: 'subject'; readonly value: string; readonly after: string; readonly reason: string } }
  | { readonly kind: 'ignore'; readonly reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The string a subject identifier names (RFC 9493 formats), for a user or a session. */
function identifier(sub: unknown): string | undefined {
  if (!isObj(sub)) return undefined;
  switch (sub.format) {
    case 'iss_sub':
      return s(sub.sub);
    case 'opaque':
      return s(sub.id);
    case 'email':
      return s(sub.email);
    case 'phone_number':
      return s(sub.phone_number);
    case 'account':
    case 'uri':
    case 'did':
      return s(sub.uri) ?? s(sub.url);
    case 'aliases':
      return Array.isArray(sub.identifiers) ? sub.identifiers.map(identifier).find((x) => x !== undefined) : undefined;
    default:
      return s(sub.sub) ?? s(sub.id) ?? s(sub.email);
  }
}

/** User, session and device named by the SET (top-level `sub_id`, or the event's `subject`, possibly `complex`). */
export function subjectsOf(setClaims: Obj, event: Obj): { user?: string; session?: string; device?: string } {
  const sub = isObj(setClaims.sub_id) ? setClaims.sub_id : isObj(event.subject) ? event.subject : undefined;
  if (!sub) return { user: s(setClaims.sub) };
  if (sub.format === 'complex') return { user: identifier(sub.user), session: identifier(sub.session), device: identifier(sub.device) };
  return { user: identifier(sub) };
}

function adminReason(event: Obj): string | undefined {
  const r = event.reason_admin;
  if (typeof r === 'string') return r;
  if (isObj(r)) return s(r.en) ?? Object.values(r).map(s).find((x) => x !== undefined);
  return undefined;
}

/** Maps one event of a verified SET; `transmitter` names the source in reasons. */
export function mapEvent(type: string, event: unknown, setClaims: Obj, transmitter: string, revokeSeconds: number): MappedAction {
  const e = isObj(event) ? event : {};
  const short = type.startsWith(CAEP) ? type.slice(CAEP.length) : type.startsWith(RISC) ? `risc:${type.slice(RISC.length)}` : type;
  const { user, session, device } = subjectsOf(setClaims, e);
  const why = `${short} from ${transmitter}${adminReason(e) ? `: ${adminReason(e)}` : ''}`;
  const revoke = (kind: RevocationKind, value: string, ttlSeconds: number | null): MappedAction => ({ kind: 'revoke', revocation: { kind, value, reason: why, ttlSeconds } });
  const signal = (value: string, name: string, level: number, attributes: Obj, ttlSeconds: number | null): MappedAction => ({ kind: 'signal', signal: { value, name, level, reason: why, attributes, ttlSeconds } });
  const who = user ?? device;
  const noSubject: MappedAction = { kind: 'ignore', reason: `${short}: the event names no subject we can enforce on` };

  switch (type) {
    case `${CAEP}session-revoked`:
      if (session) return revoke('session', session, SESSION_REVOCATION_TTL_S);
      return user ? revoke('subject', user, revokeSeconds) : noSubject;
    case `${CAEP}credential-change`: {
      if (!who) return noSubject;
      const change = s(e.change_type);
      return signal(who, 'credential_change', change === 'revoke' || change === 'delete' ? 0.6 : 0.3, { credential_type: e.credential_type ?? null, change_type: change ?? null }, EVENT_SIGNAL_TTL_S);
    }
    case `${CAEP}assurance-level-change`:
      if (!who) return noSubject;
      return signal(who, 'assurance_level', e.change_direction === 'decrease' ? 0.5 : 0, { namespace: e.namespace ?? null, current_level: e.current_level ?? null, previous_level: e.previous_level ?? null, change_direction: e.change_direction ?? null }, null);
    case `${CAEP}device-compliance-change`:
      if (!who) return noSubject;
      return signal(who, 'device_compliance', e.current_status === 'not-compliant' ? 0.8 : 0, { current_status: e.current_status ?? null, previous_status: e.previous_status ?? null, device: device ?? null }, null);
    case `${CAEP}token-claims-change`:
      return who ? signal(who, 'token_claims_change', 0.2, { claims: e.claims ?? null }, EVENT_SIGNAL_TTL_S) : noSubject;
    case `${RISC}account-disabled`:
    case `${RISC}account-purged`:
      return user ? revoke('subject', user, null) : noSubject;
    case `${RISC}account-enabled`:
      // Only what account-disabled did is undone (the receiver checks that it is still that revocation).
      return user ? { kind: 'lift', lift: { kind: 'subject', value: user, after: `${RISC}account-disabled`, reason: why } } : noSubject;
    case `${RISC}sessions-revoked`:
      return user ? revoke('subject', user, revokeSeconds) : noSubject;
    case `${RISC}credential-compromise`:
      return user ? signal(user, 'compromised', 1, { credential_type: e.credential_type ?? null }, EVENT_SIGNAL_TTL_S) : noSubject;
    case `${RISC}account-credential-change-required`:
      return user ? signal(user, 'credential_change_required', 0.5, {}, EVENT_SIGNAL_TTL_S) : noSubject;
    default:
      return { kind: 'ignore', reason: `${short}: not an event type Vigil maps` };
  }
}
