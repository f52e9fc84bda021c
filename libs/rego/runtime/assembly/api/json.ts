// Exports: JSON and value text (ABI), float formatting for tests.
import { parseText } from "../json/parse";
import { dumpJson, dumpValue } from "../json/dump";
import { wBegin, wFinish } from "../json/writer";
import { writeF64 } from "../number/format";

export function opa_json_parse(p: usize, n: usize): usize { return parseText(p, n, false); }
export function opa_value_parse(p: usize, n: usize): usize { return parseText(p, n, true); }
export function opa_json_dump(v: usize): usize { return dumpJson(v); }
export function opa_value_dump(v: usize): usize { return dumpValue(v); }

export function vg_format_f64(f: f64): usize {
  wBegin(32);
  if (isFinite(f)) writeF64(f);
  return wFinish();
}
