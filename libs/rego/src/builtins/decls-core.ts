/**
 * Declarations of the language-level builtins: operators, aggregates, collections,
 * strings, patterns, types, graph and internals. Types follow OPA v1's declarations.
 * `impl` must say where each one actually runs today (see registry.spec.ts).
 */
import { def, type BuiltinDef } from './decl';
import {
  T_ANY,
  T_ARRAY_ANY,
  T_BOOL,
  T_NULL,
  T_NUM,
  T_OBJECT_ANY,
  T_SET_ANY,
  T_STR,
  anyOf,
  arrayOf,
  objectOf,
  setOf,
  tuple,
  type RegoType,
} from './types';

const ARRAY_OR_SET = anyOf(T_ARRAY_ANY, T_SET_ANY);
const NUMS = anyOf(arrayOf(T_NUM), setOf(T_NUM));
const STRS = anyOf(arrayOf(T_STR), setOf(T_STR));
const KEYS = anyOf(T_ARRAY_ANY, T_OBJECT_ANY, T_SET_ANY);
const STR_OR_STRS = anyOf(T_STR, arrayOf(T_STR), setOf(T_STR));
const GRAPH = objectOf(T_ANY, ARRAY_OR_SET);
const NUM_OR_SET = anyOf(T_NUM, T_SET_ANY);

const N = 'native' as const;

const compare = (name: string, infix: string) => def('comparison', name, [T_ANY, T_ANY], T_BOOL, { infix, impl: N });
const arith = (name: string, infix: string) => def('arithmetic', name, [T_NUM, T_NUM], T_NUM, { infix, impl: N });
const unaryNum = (name: string) => def('arithmetic', name, [T_NUM], T_NUM, { impl: N });
const bits2 = (name: string) => def('bits', name, [T_NUM, T_NUM], T_NUM, { impl: N });
const isType = (name: string) => def('types', name, [T_ANY], T_BOOL, { impl: N });
const H = 'host' as const;
const str1 = (name: string, impl?: 'host' | 'native') => def('strings', name, [T_STR], T_STR, { impl });
const str2 = (name: string, impl?: 'host' | 'native') => def('strings', name, [T_STR, T_STR], T_STR, { impl });
const strPred = (name: string, impl?: 'host' | 'native') => def('strings', name, [T_STR, T_STR], T_BOOL, { impl });
const cast = (name: string, result: RegoType) => def('conversion', name, [T_ANY], result, { deprecated: true, impl: N });

export const CORE_BUILTINS: readonly BuiltinDef[] = [
  // Unification and assignment are planned by the compiler, never called.
  def('comparison', 'eq', [T_ANY, T_ANY], T_BOOL, { impl: 'compiler', infix: '=' }),
  def('comparison', 'assign', [T_ANY, T_ANY], T_BOOL, { impl: 'compiler', infix: ':=' }),
  compare('equal', '=='),
  compare('neq', '!='),
  compare('lt', '<'),
  compare('lte', '<='),
  compare('gt', '>'),
  compare('gte', '>='),

  arith('plus', '+'),
  def('arithmetic', 'minus', [NUM_OR_SET, NUM_OR_SET], NUM_OR_SET, { infix: '-', impl: N }),
  arith('mul', '*'),
  arith('div', '/'),
  arith('rem', '%'),
  unaryNum('abs'),
  unaryNum('ceil'),
  unaryNum('floor'),
  unaryNum('round'),

  bits2('bits.and'),
  bits2('bits.or'),
  bits2('bits.xor'),
  bits2('bits.lsh'),
  bits2('bits.rsh'),
  def('bits', 'bits.negate', [T_NUM], T_NUM, { impl: N }),

  def('aggregates', 'count', [anyOf(T_STR, T_ARRAY_ANY, T_OBJECT_ANY, T_SET_ANY)], T_NUM, { impl: N }),
  def('aggregates', 'sum', [NUMS], T_NUM, { impl: N }),
  def('aggregates', 'product', [NUMS], T_NUM, { impl: N }),
  def('aggregates', 'max', [ARRAY_OR_SET], T_ANY, { impl: N }),
  def('aggregates', 'min', [ARRAY_OR_SET], T_ANY, { impl: N }),
  def('aggregates', 'sort', [ARRAY_OR_SET], T_ARRAY_ANY, { impl: N }),
  def('aggregates', 'all', [ARRAY_OR_SET], T_BOOL, { deprecated: true, impl: N }),
  def('aggregates', 'any', [ARRAY_OR_SET], T_BOOL, { deprecated: true, impl: N }),

  def('arrays', 'array.concat', [T_ARRAY_ANY, T_ARRAY_ANY], T_ARRAY_ANY, { impl: N }),
  def('arrays', 'array.slice', [T_ARRAY_ANY, T_NUM, T_NUM], T_ARRAY_ANY, { impl: N }),
  def('arrays', 'array.reverse', [T_ARRAY_ANY], T_ARRAY_ANY, { impl: N }),
  def('arrays', 'array.flatten', [T_ARRAY_ANY], T_ARRAY_ANY, { impl: N }),

  def('sets', 'and', [T_SET_ANY, T_SET_ANY], T_SET_ANY, { infix: '&', impl: N }),
  def('sets', 'or', [T_SET_ANY, T_SET_ANY], T_SET_ANY, { infix: '|', impl: N }),
  def('sets', 'intersection', [setOf(T_SET_ANY)], T_SET_ANY, { impl: N }),
  def('sets', 'union', [setOf(T_SET_ANY)], T_SET_ANY, { impl: N }),
  def('sets', 'set_diff', [T_SET_ANY, T_SET_ANY], T_SET_ANY, { deprecated: true, impl: N }),

  def('objects', 'object.get', [T_OBJECT_ANY, T_ANY, T_ANY], T_ANY, { impl: N }),
  def('objects', 'object.keys', [T_OBJECT_ANY], T_SET_ANY, { impl: N }),
  def('objects', 'object.remove', [T_OBJECT_ANY, KEYS], T_OBJECT_ANY, { impl: N }),
  def('objects', 'object.filter', [T_OBJECT_ANY, KEYS], T_OBJECT_ANY, { impl: N }),
  def('objects', 'object.union', [T_OBJECT_ANY, T_OBJECT_ANY], T_OBJECT_ANY, { impl: N }),
  def('objects', 'object.union_n', [arrayOf(T_OBJECT_ANY)], T_OBJECT_ANY, { impl: N }),
  def('objects', 'object.subset', [KEYS, KEYS], T_BOOL, { impl: N }),

  def('strings', 'concat', [T_STR, STRS], T_STR, { impl: N }),
  strPred('contains', N),
  strPred('startswith', N),
  strPred('endswith', N),
  str1('lower', N),
  str1('upper', N),
  def('strings', 'split', [T_STR, T_STR], arrayOf(T_STR), { impl: N }),
  def('strings', 'strings.split_n', [T_STR, T_STR, T_NUM], arrayOf(T_STR), { impl: H }),
  def('strings', 'replace', [T_STR, T_STR, T_STR], T_STR, { impl: N }),
  def('strings', 'strings.replace_n', [objectOf(T_STR, T_STR), T_STR], T_STR, { impl: N }),
  str2('trim', N),
  str2('trim_left', N),
  str2('trim_right', N),
  str2('trim_prefix', N),
  str2('trim_suffix', N),
  str1('trim_space', N),
  def('strings', 'sprintf', [T_STR, T_ARRAY_ANY], T_STR, { impl: H, exactValues: true }), // sets and big integers print as OPA prints them
  def('strings', 'substring', [T_STR, T_NUM, T_NUM], T_STR, { impl: N }),
  def('strings', 'indexof', [T_STR, T_STR], T_NUM, { impl: N }),
  def('strings', 'indexof_n', [T_STR, T_STR], arrayOf(T_NUM), { impl: N }),
  def('strings', 'format_int', [T_NUM, T_NUM], T_STR, { impl: N }),
  def('strings', 'strings.any_prefix_match', [STR_OR_STRS, STR_OR_STRS], T_BOOL, { impl: N }),
  def('strings', 'strings.any_suffix_match', [STR_OR_STRS, STR_OR_STRS], T_BOOL, { impl: N }),
  str1('strings.reverse', N),
  def('strings', 'strings.count', [T_STR, T_STR], T_NUM, { impl: N }),
  def('strings', 'strings.render_template', [T_STR, objectOf(T_STR, T_ANY)], T_STR),

  def('regex', 'regex.match', [T_STR, T_STR], T_BOOL, { impl: H }),
  def('regex', 're_match', [T_STR, T_STR], T_BOOL, { deprecated: true, impl: H }),
  def('regex', 'regex.is_valid', [T_STR], T_BOOL, { impl: H }),
  def('regex', 'regex.find_n', [T_STR, T_STR, T_NUM], arrayOf(T_STR), { impl: H }),
  def('regex', 'regex.find_all_string_submatch_n', [T_STR, T_STR, T_NUM], arrayOf(arrayOf(T_STR)), { impl: H }),
  def('regex', 'regex.replace', [T_STR, T_STR, T_STR], T_STR, { impl: H }),
  def('regex', 'regex.split', [T_STR, T_STR], arrayOf(T_STR), { impl: H }),
  def('regex', 'regex.template_match', [T_STR, T_STR, T_STR, T_STR], T_BOOL, { impl: H }),
  def('regex', 'regex.globs_match', [T_STR, T_STR], T_BOOL),

  def('glob', 'glob.match', [T_STR, anyOf(T_NULL, arrayOf(T_STR)), T_STR], T_BOOL, { impl: H }),
  def('glob', 'glob.quote_meta', [T_STR], T_STR, { impl: H }),

  isType('is_number'),
  isType('is_string'),
  isType('is_boolean'),
  isType('is_array'),
  isType('is_set'),
  isType('is_object'),
  isType('is_null'),
  def('types', 'type_name', [T_ANY], T_STR, { impl: N }),

  def('conversion', 'to_number', [anyOf(T_NULL, T_BOOL, T_NUM, T_STR)], T_NUM, { impl: N }),
  cast('cast_array', T_ARRAY_ANY),
  cast('cast_boolean', T_BOOL),
  cast('cast_null', T_NULL),
  cast('cast_object', T_OBJECT_ANY),
  cast('cast_set', T_SET_ANY),
  cast('cast_string', T_STR),

  def('numbers', 'numbers.range', [T_NUM, T_NUM], arrayOf(T_NUM), { impl: N }),
  def('numbers', 'numbers.range_step', [T_NUM, T_NUM, T_NUM], arrayOf(T_NUM), { impl: N }),

  def('graph', 'graph.reachable', [GRAPH, ARRAY_OR_SET], T_SET_ANY, { impl: N }),
  def('graph', 'graph.reachable_paths', [GRAPH, ARRAY_OR_SET], setOf(T_ARRAY_ANY), { impl: N }),
  def('graph', 'walk', [T_ANY], tuple(T_ARRAY_ANY, T_ANY), { relation: true, impl: N }),

  def('internal', 'internal.member_2', [T_ANY, T_ANY], T_BOOL, { infix: 'in', impl: N }),
  def('internal', 'internal.member_3', [T_ANY, T_ANY, T_ANY], T_BOOL, { infix: 'in', impl: N }),
  // `print(a, b)` is rewritten to `internal.print([{a}, {b}])`: each operand becomes the set of its values.
  def('debugging', 'print', [], undefined, { impl: 'compiler', variadic: T_ANY }),
  def('debugging', 'internal.print', [arrayOf(T_SET_ANY)], undefined, { impl: H }),
  def('debugging', 'trace', [T_STR], T_BOOL, { impl: H }),
];
