// The host imports the SDK provides. Generated code calls opa_println and opa_builtin0..4
// directly; the linker can only reuse imports the runtime already has (adding one would
// renumber every function), so these exports keep them imported.

// @ts-ignore: decorator
@external("env", "opa_println")
declare function opa_println(addr: usize): void;
// @ts-ignore: decorator
@external("env", "opa_builtin0")
declare function opa_builtin0(id: i32, ctx: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin1")
declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin2")
declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin3")
declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;
// @ts-ignore: decorator
@external("env", "opa_builtin4")
declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;

export function vg_println(addr: usize): void { opa_println(addr); }
export function vg_host_builtin0(id: i32): usize { return opa_builtin0(id, 0); }
export function vg_host_builtin1(id: i32, a: usize): usize { return opa_builtin1(id, 0, a); }
export function vg_host_builtin2(id: i32, a: usize, b: usize): usize { return opa_builtin2(id, 0, a, b); }
export function vg_host_builtin3(id: i32, a: usize, b: usize, c: usize): usize { return opa_builtin3(id, 0, a, b, c); }
export function vg_host_builtin4(id: i32, a: usize, b: usize, c: usize, d: usize): usize { return opa_builtin4(id, 0, a, b, c, d); }
