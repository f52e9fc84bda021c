/**
 * A WAT-like listing of the functions codegen generated, one instruction per line, for golden
 * tests and debugging. It disassembles the encoded bodies with the same opcode table the
 * encoder uses, and prints symbols instead of numbers wherever they are known: function and
 * global names, and constant strings (`i32.const <str "user">`), so listings do not change
 * when the runtime's layout does.
 */
import type { GeneratedFunction, WasmOutput } from './codegen';
import { OPS, OP_BY_CODE, ValType, BLOCK_VOID } from './opcodes';
import { ByteReader } from './reader';

const VALTYPES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(ValType).map(([k, v]) => [v, k]));

interface Symbols {
  func(index: number): string;
  global(index: number): string;
  constant(value: number): string | undefined;
}

function symbols(out: WasmOutput): Symbols {
  const funcs = new Map<number, string>();
  const { info } = out.runtime;
  let i = 0;
  for (const imp of info.imports) if (imp.desc.kind === 'func') funcs.set(i++, imp.name);
  for (const e of info.exports) if (e.kind === 0 && !funcs.has(e.index)) funcs.set(e.index, e.name);
  for (const f of out.functions) funcs.set(f.index, f.name);
  const globals = new Map(out.globalNames);
  for (const e of info.exports) if (e.kind === 3 && !globals.has(e.index)) globals.set(e.index, e.name);
  return {
    func: (n) => `$${funcs.get(n) ?? `f${n}`}`,
    global: (n) => `$${globals.get(n) ?? `g${n}`}`,
    constant: (v) => {
      const s = out.stringAt.get(v);
      if (s !== undefined) return `<str ${JSON.stringify(s)}>`;
      const b = out.bytesAt.get(v);
      return b === undefined ? undefined : `<bytes ${JSON.stringify(b)}>`;
    },
  };
}

/** The listing of every generated function, or of those `filter` accepts. */
export function printWasm(out: WasmOutput, filter: (name: string) => boolean = () => true): string {
  const sym = symbols(out);
  return out.functions.filter((f) => filter(f.name)).map((f) => printFunction(f, sym)).join('\n');
}

function printFunction(f: GeneratedFunction, sym: Symbols): string {
  const r = new ByteReader(f.body);
  const locals: string[] = [];
  for (let n = r.u32(); n > 0; n--) {
    const count = r.u32();
    const t = VALTYPES[r.u8()];
    for (let k = 0; k < count; k++) locals.push(t);
  }
  const head = [`(func $${f.name}`];
  if (f.type.params.length) head.push(`(param ${f.type.params.join(' ')})`);
  if (f.type.results.length) head.push(`(result ${f.type.results.join(' ')})`);
  if (locals.length) head.push(`(local ${locals.join(' ')})`);
  const lines = [head.join(' ')];
  let depth = 1;
  while (!r.done) {
    const code = r.u8();
    const name = OP_BY_CODE.get(code) ?? r.fail(`unknown opcode 0x${code.toString(16)}`);
    if (code === OPS.end.code || code === OPS.else.code) depth--;
    if (depth === 0) break; // the function's own end
    lines.push(`${'  '.repeat(depth)}${watName(name)}${immediate(r, OPS[name].imm, sym)}`);
    if (OPS[name].imm === 'blocktype' || code === OPS.else.code) depth++;
  }
  return `${lines.join('\n')}\n)\n`;
}

/** `i32_load8_u` → `i32.load8_u`, `local_get` → `local.get`; `br_if` stays. */
function watName(name: string): string {
  return /^(i32|i64|f64|local|global|memory)_/.test(name) ? name.replace('_', '.') : name;
}

function immediate(r: ByteReader, kind: (typeof OPS)[keyof typeof OPS]['imm'], sym: Symbols): string {
  switch (kind) {
    case 'none': return '';
    case 'blocktype': {
      const t = r.u8();
      return t === BLOCK_VOID ? '' : ` (result ${VALTYPES[t]})`;
    }
    case 'label': case 'local': return ` ${r.u32()}`;
    case 'labels': {
      const targets = Array.from({ length: r.u32() }, () => r.u32());
      return ` ${[...targets, r.u32()].join(' ')}`;
    }
    case 'func': return ` ${sym.func(r.u32())}`;
    case 'type+table': return ` (type ${r.u32()}) (table ${r.u32()})`;
    case 'global': return ` ${sym.global(r.u32())}`;
    case 'i32': {
      const v = r.s32();
      return ` ${sym.constant(v) ?? v}`;
    }
    case 'i64': return ` ${r.s64()}`;
    case 'f64': return ` ${new DataView(r.take(8).slice().buffer).getFloat64(0, true)}`;
    case 'memarg': {
      const align = r.u32();
      const offset = r.u32();
      return `${offset ? ` offset=${offset}` : ''} align=${1 << align}`;
    }
    case 'memidx': r.u8(); return '';
  }
}
