import { parseBindings, parseCsv, parseDataDocuments, serverRowErrors } from '../src/data/import-rows';

describe('bulk import parsing', () => {
  it('parses quoted CSV with embedded commas, quotes and newlines, keeping line numbers', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n\n"multi\nline",z\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
    ]);
  });

  it('validates every CSV row and reports errors against its line', () => {
    const { rows, error } = parseBindings('subject,role,scope,expiresAt\nalice,admin,,\nbob smith,viewer,,\n,editor,tenant:acme,2030-01-01\ncarol,editor,tenant:acme,2030-01-01T00:00:00Z\n');
    expect(error).toBeNull();
    expect(rows.map((r) => [r.row, r.errors])).toEqual([
      [2, []],
      [3, ['subject must contain no whitespace or control characters']],
      [4, ['subject is required', 'expiresAt must be an ISO 8601 date-time with a zone, e.g. 2030-01-01T00:00:00Z']],
      [5, []],
    ]);
    expect(rows[3].value).toEqual({ subject: 'carol', role: 'editor', scope: 'tenant:acme', expiresAt: '2030-01-01T00:00:00Z' });
  });

  it('accepts JSON arrays and names unknown fields and bad headers', () => {
    const { rows } = parseBindings('[{"subject":"a","role":"r"},{"subject":"b","role":"r","rolee":"x"},3]');
    expect(rows.map((r) => r.errors)).toEqual([[], ['unknown field rolee'], ['must be an object']]);
    expect(parseBindings('user,role\nx,y').error).toContain('unknown: user');
    expect(parseBindings('[1,').error).toContain('Not valid JSON');
  });

  it('validates data documents by path', () => {
    const { rows } = parseDataDocuments('{"tenants/acme": {"plan": "gold"}, "vigil/x": 1, "a b": 2, "n": null}');
    expect(rows.map((r) => r.errors.length)).toEqual([0, 1, 1, 1]);
    expect(rows[0].value).toEqual({ path: 'tenants/acme', value: { plan: 'gold' } });
  });

  it('maps server field errors back to the rows sent', () => {
    expect(serverRowErrors({ fields: [{ field: 'bindings.2.role', problems: ['role must be shorter'] }, { field: 'other', problems: ['x'] }] })).toEqual(new Map([[2, ['role must be shorter']]]));
    expect(serverRowErrors({ fields: [{ field: 'documents.1.path', problems: ['overlaps'] }, { field: 'documents.1.value', problems: ['null'] }, { field: 'bindings.0.role', problems: ['x'] }] }, 'documents')).toEqual(
      new Map([[1, ['overlaps', 'null']]]),
    );
  });
});
