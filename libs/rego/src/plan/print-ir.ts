/**
 * A readable text form of a planned policy, for golden tests and debugging (`vigil plan`-style).
 * One statement per line, nested blocks indented; locals print as `%N` (`input`/`data` for 0/1),
 * string constants inline and quoted, locations as `@file:row:col`.
 */
import type * as ir from './ir';

export function printPolicy(p: ir.Policy): string {
  const out: string[] = [];
  if (p.static.builtins.length > 0) out.push(`builtins: ${p.static.builtins.map((b) => `${b.name}/${b.arity}`).join(', ')}`);
  for (const plan of p.plans) {
    out.push(`plan ${plan.name}`);
    printBlocks(p, plan.blocks, 1, out);
  }
  for (const f of p.funcs) {
    const params = f.params.map(local).join(', ');
    out.push(`func ${f.name}(${params}) -> ${local(f.returnLocal)}${f.memoizable ? ' memo' : ''}${f.internal ? ' internal' : ''}`);
    printBlocks(p, f.blocks, 1, out);
  }
  return out.join('\n') + '\n';
}

function printBlocks(p: ir.Policy, blocks: readonly ir.Block[], depth: number, out: string[]): void {
  for (const b of blocks) {
    out.push(`${indent(depth)}block`);
    for (const s of b.stmts) printStmt(p, s, depth + 1, out);
  }
}

function printStmt(p: ir.Policy, s: ir.Stmt, depth: number, out: string[]): void {
  const pad = indent(depth);
  const at = s.loc ? `  @${s.loc.file}:${s.loc.row}:${s.loc.col}` : '';
  switch (s.type) {
    case 'Block':
      out.push(`${pad}Block`);
      return printBlocks(p, s.blocks, depth + 1, out);
    case 'Not':
      out.push(`${pad}Not`);
      return printBlocks(p, [s.block], depth + 1, out);
    case 'Scan':
      out.push(`${pad}Scan ${local(s.source)} -> ${local(s.key)}, ${local(s.value)}`);
      return printBlocks(p, [s.block], depth + 1, out);
    case 'With':
      out.push(`${pad}With ${local(s.local)}${s.path.map((i) => `[${JSON.stringify(p.static.strings[i])}]`).join('')} = ${op(p, s.value)}`);
      return printBlocks(p, [s.block], depth + 1, out);
    case 'Switch':
      out.push(`${pad}Switch ${local(s.source)}`);
      for (const c of s.cases) {
        out.push(`${indent(depth + 1)}case ${constant(p, c.value)}`);
        printBlocks(p, [c.block], depth + 2, out);
      }
      return;
    default:
      out.push(`${pad}${line(p, s)}${at}`);
  }
}

/** One-line statements. */
function line(p: ir.Policy, s: ir.Stmt): string {
  switch (s.type) {
    case 'Break':
      return `Break ${s.index}`;
    case 'Nop':
      return 'Nop';
    case 'ReturnLocal':
      return `ReturnLocal ${local(s.source)}`;
    case 'ResultSetAdd':
      return `ResultSetAdd ${local(s.value)}`;
    case 'Call':
      return `Call ${s.func}(${s.args.map((a) => op(p, a)).join(', ')}) -> ${local(s.result)}`;
    case 'CallDynamic':
      return `CallDynamic [${s.path.map((a) => op(p, a)).join(', ')}](${s.args.map(local).join(', ')}) -> ${local(s.result)}`;
    case 'Equal':
    case 'NotEqual':
      return `${s.type} ${op(p, s.a)}, ${op(p, s.b)}`;
    case 'IsArray':
    case 'IsObject':
    case 'IsSet':
      return `${s.type} ${op(p, s.source)}`;
    case 'IsDefined':
    case 'IsUndefined':
      return `${s.type} ${local(s.source)}`;
    case 'Dot':
      return `Dot ${op(p, s.source)}[${op(p, s.key)}] -> ${local(s.target)}`;
    case 'AssignVar':
      return `AssignVar ${op(p, s.source)} -> ${local(s.target)}`;
    case 'AssignVarOnce':
      return `AssignVarOnce ${op(p, s.source)} -> ${local(s.target)} (${s.conflict ?? 'complete'})`;
    case 'AssignInt':
      return `AssignInt ${s.value} -> ${local(s.target)}`;
    case 'ResetLocal':
      return `ResetLocal ${local(s.target)}`;
    case 'Len':
      return `Len ${op(p, s.source)} -> ${local(s.target)}`;
    case 'MakeNull':
      return `MakeNull -> ${local(s.target)}`;
    case 'MakeNumberInt':
      return `MakeNumberInt ${s.value} -> ${local(s.target)}`;
    case 'MakeNumberRef':
      return `MakeNumberRef ${p.static.strings[s.index]} -> ${local(s.target)}`;
    case 'MakeArray':
      return `MakeArray ${s.capacity} -> ${local(s.target)}`;
    case 'MakeObject':
      return `MakeObject -> ${local(s.target)}`;
    case 'MakeSet':
      return `MakeSet -> ${local(s.target)}`;
    case 'ArrayAppend':
      return `ArrayAppend ${local(s.array)} += ${op(p, s.value)}`;
    case 'ObjectInsert':
      return `ObjectInsert ${local(s.object)}[${op(p, s.key)}] = ${op(p, s.value)}`;
    case 'ObjectInsertOnce':
      return `ObjectInsertOnce ${local(s.object)}[${op(p, s.key)}] = ${op(p, s.value)} (${s.conflict ?? 'objectKey'})`;
    case 'ObjectMerge':
      return `ObjectMerge ${local(s.a)}, ${local(s.b)} -> ${local(s.target)}`;
    case 'SetAdd':
      return `SetAdd ${local(s.set)} += ${op(p, s.value)}`;
    default:
      return s.type;
  }
}

function local(l: ir.Local): string {
  return l === 0 ? 'input' : l === 1 ? 'data' : `%${l}`;
}

function op(p: ir.Policy, o: ir.Operand): string {
  switch (o.kind) {
    case 'local':
      return local(o.local);
    case 'string':
      return JSON.stringify(p.static.strings[o.index]);
    case 'bool':
      return String(o.value);
  }
}

function constant(p: ir.Policy, c: ir.Constant): string {
  switch (c.kind) {
    case 'string':
      return JSON.stringify(p.static.strings[c.index]);
    case 'number':
      return p.static.strings[c.index] as string;
    case 'bool':
      return String(c.value);
    case 'null':
      return 'null';
  }
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}
