/**
 * Runs every example policy suite the way users run theirs: `vigil test` on the suite's folder
 * (v0 syntax when a folder in its path ends in `-v0`), and requires every `test_*` rule to pass.
 * A suite is a folder that directly holds at least one `*_test.rego` file; data files in it are
 * loaded as `vigil test` loads them. Tests that are blocked by a known compiler bug are written as
 * `todo_test_*` (skipped, as `opa test` skips them) with a comment naming the bug.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { discoverTests, loadPaths, runRegoTests, testCommand, type RegoTestResult } from '../src';

const ROOT = __dirname;

function suiteDirs(dir: string): string[] {
  const entries = readdirSync(dir).sort();
  const here = entries.some((n) => n.endsWith('_test.rego')) ? [dir] : [];
  const below = entries.filter((n) => statSync(join(dir, n)).isDirectory()).flatMap((n) => suiteDirs(join(dir, n)));
  return [...here, ...below];
}

const regoVersionOf = (dir: string): 0 | 1 => (relative(ROOT, dir).split(sep).some((part) => part.endsWith('-v0')) ? 0 : 1);

/** `todo_test_` rules in a suite: counted so that a blocked test stays visible in the output. */
function todoTests(dir: string): string[] {
  return loadPaths([dir]).modules.flatMap((m) => [...m.source.matchAll(/^todo_(test_\w+)/gm)].map((x) => `${relative(ROOT, m.path)}: ${x[1]}`));
}

const suites = suiteDirs(ROOT);

describe('example policy suites', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(suites.map((dir) => [relative(ROOT, dir), dir]))('%s', (_name, dir) => {
    const regoVersion = regoVersionOf(dir);
    const { modules, data } = loadPaths([dir]);
    const names = discoverTests(modules, regoVersion).map((t) => t.name);
    let results: Map<string, RegoTestResult>;

    beforeAll(async () => {
      results = new Map((await runRegoTests({ modules, data, regoVersion })).map((r) => [r.name, r]));
    });

    it('has tests', () => {
      expect(names.length).toBeGreaterThan(0);
    });

    it.each(names)('%s', (name) => {
      const r = results.get(name);
      expect(r).toBeDefined();
      expect({ name, passed: r?.passed, error: r?.error }).toEqual({ name, passed: true, error: undefined });
    });

    it('passes under `vigil test`', async () => {
      let out = '';
      let err = '';
      const code = await testCommand([dir], { v0Compatible: regoVersion === 0 }, { out: (t) => (out += t), err: (t) => (err += t) });
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out.trim().split('\n').pop()).toBe(`${names.length} passed, 0 failed`);
    });

    const todos = todoTests(dir);
    if (todos.length > 0) it.todo(`blocked by compiler bugs: ${todos.join(', ')}`);
  });
});

