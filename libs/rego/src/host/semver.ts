/** semver.* host builtins: Semantic Versioning 2.0.0 parsing and precedence (no leading "v"). */
import { builtinError } from './errors';
import type { HostFamily } from './impl';
import { stringArg } from './values';

interface Version {
  readonly core: [bigint, bigint, bigint];
  readonly pre: readonly string[];
}

const NUM = '(0|[1-9]\\d*)';
const IDENT = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const SEMVER = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`);

export function parseSemver(s: string): Version | undefined {
  const m = SEMVER.exec(s);
  if (!m) return undefined;
  return { core: [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

function compareIdent(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Precedence per semver.org §11; build metadata is ignored. */
export function compareSemver(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] < b.core[i] ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = compareIdent(a.pre[i], b.pre[i]);
    if (c !== 0) return c;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

export const SEMVER_BUILTINS: HostFamily = {
  'semver.compare': ([a, b]) => {
    const x = stringArg('semver.compare', a, 1);
    const y = stringArg('semver.compare', b, 2);
    const va = parseSemver(x);
    if (!va) throw builtinError('semver.compare', `operand 1: string ${x} is not a valid SemVer`);
    const vb = parseSemver(y);
    if (!vb) throw builtinError('semver.compare', `operand 2: string ${y} is not a valid SemVer`);
    return compareSemver(va, vb);
  },
  'semver.is_valid': ([v]) => typeof v === 'string' && parseSemver(v) !== undefined,
};
