/**
 * Policies in the shapes real authorization code uses must check cleanly and keep every promise to
 * the planner (`verifyCheckedProgram`). The corpus covers OPA's own cases; these add the idioms of
 * hand-written policies, in v1 and v0 syntax.
 */
import { ALL_KNOWN_BUILTINS, checkRego, expectValid, type SpecOptions } from './spec-util';
import { programArity, verifyCheckedProgram } from './verify';

function expectWellFormed(src: string | Record<string, string>, opts: SpecOptions = {}): void {
  const p = expectValid(src, opts);
  expect(verifyCheckedProgram(p, programArity(p, ALL_KNOWN_BUILTINS))).toEqual([]);
}

describe('policies in common shapes', () => {
  it('RBAC with imports, helpers, defaults and else chains', () => {
    expectWellFormed({
      'lib.rego': `
        package lib.roles
        grants[role] contains perm if {
          some role, perms in data.roles
          some perm in perms
        }
        has(user, perm) if {
          some role in data.bindings[user]
          perm in grants[role]
        }
      `,
      'authz.rego': `
        package authz
        import data.lib.roles
        import input.subject as sub
        default allow := false
        allow if roles.has(sub.id, sprintf("%s:%s", [input.action, input.resource.type]))
        allow if { sub.admin == true; not input.resource.protected }
        reason := "admin" if sub.admin else := "granted" if allow else := "denied"
        denied_fields contains f if {
          some f in object.keys(input.resource)
          startswith(f, "_")
        }
      `,
    });
  });

  it('ref heads, nested objects, every and comprehensions', () => {
    expectWellFormed(`
      package app
      limits.cpu := 2
      limits.mem[kind] := n if { some kind, n in input.mem }
      by_team[t][u.id] := u if { some u in input.users; t := u.team }
      all_ok if every k, v in input.checks { v == true; k != "" }
      names := {lower(u.name) | some u in input.users; count(u.roles) > 0}
      index := {u.id: [r | some r in u.roles; r != "guest"] | some u in input.users}
      total := sum([x.n | some x in input.items])
    `);
  });

  it('functions with patterns, else and defaults; with mocks', () => {
    expectWellFormed(`
      package f
      default size(_) := "unknown"
      size(x) := "small" if x < 10
      size(x) := "large" if x >= 10
      pair([a, b]) := a + b
      first(xs) := xs[0] if count(xs) > 0 else := null
      now := time.now_ns()
      later if { now > 0 with time.now_ns as 5 }
      mocked if { size(1) == "tiny" with size as tiny }
      tiny(_) := "tiny"
    `);
  });

  it('v0 syntax with future keywords and unification patterns', () => {
    expectWellFormed(
      `
      package legacy
      import future.keywords.in
      default allow = false
      allow { input.user == "admin" }
      allow { some i; input.grants[i] == input.action }
      allowed_actions[a] { a := input.grants[_] }
      owners[name] = email { some p in input.people; [name, email] = [p.name, p.email] }
      double(x) = y { y := x * 2 }
      `,
      { regoVersion: 0 },
    );
  });

  it('queries with locals, refs and printing', () => {
    expectWellFormed('package q\np := [1, 2, 3]', { query: 'x := data.q.p[i]; x > 1; print("found", x, i)', enablePrint: true });
    const p = checkRego('package q\np := 1', { query: 'data.q.p == y; y = 1' });
    expect(p.query?.bindings.map((b) => b.name)).toEqual(['y']);
  });

  it('strict mode on a clean policy', () => {
    expectWellFormed(
      `
      package s
      import data.lib.x
      p if { some v in x; v > 1 }
      f(a) := a + 1
      `,
      { strict: true },
    );
  });
});
