// Builds our wasm runtime (AssemblyScript) to runtime/build/runtime.wasm (+ .wat for review).
// Runs at `npm install` (prepare) and `npm run build`. Fails loudly when the module imports
// anything the OPA SDK does not provide, since such a module would not link at load time.
import asc from 'assemblyscript/asc';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'assembly', 'index.ts');
const outDir = join(here, 'build');
mkdirSync(outDir, { recursive: true });

if (!existsSync(entry)) {
  console.error(`runtime: ${entry} is missing`);
  process.exit(1);
}

// Paths relative to --baseDir: given absolutely, the runtime file and the files it imports would be
// compiled a second time under another module name (two heap pointers).
const { error, stderr } = await asc.main([
  'assembly/index.ts',
  '--baseDir', here,
  '--runtime', 'assembly/rt/allocator',
  '--importMemory',
  '--initialMemory', '1',
  '--use', 'abort=assembly/index/vg_as_abort',
  // Speed over size, measured (bench/rego-runtime-builds.ts, same-run): --shrinkLevel 1 / 2 (or
  // -Oz) cut the runtime from 90 KB to 83 / 81 KB (gzip 31.3 → 30.0 / 29.7 KB) for decisions
  // 0-2% slower (within noise) and small result dumps ~10% slower; policy modules are 80-400 KB.
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--converge',
  '--noAssert',
  '--noExportMemory',
  // AS reserves a shadow stack below __heap_base for custom runtimes (default 32 KiB). Only error
  // paths use it (functions holding AS string literals), a few frames deep.
  '--stackSize', '8192',
  '--outFile', join(outDir, 'runtime.wasm'),
  '--textFile', join(outDir, 'runtime.wat'),
], { stdout: process.stdout, stderr: process.stderr });
if (error) {
  console.error(`runtime: AssemblyScript build failed: ${error.message}\n${stderr.toString()}`);
  process.exit(1);
}

const allowed = new Set(['memory', 'opa_abort', 'opa_println', 'opa_builtin0', 'opa_builtin1', 'opa_builtin2', 'opa_builtin3', 'opa_builtin4']);
const mod = new WebAssembly.Module(readFileSync(join(outDir, 'runtime.wasm')));
const bad = WebAssembly.Module.imports(mod).filter((i) => i.module !== 'env' || !allowed.has(i.name));
if (bad.length > 0) {
  console.error(`runtime: unexpected imports ${bad.map((i) => `${i.module}.${i.name}`).join(', ')}; the OPA SDK cannot link them`);
  process.exit(1);
}

// The linker adds the module's start function (vg_init etc.); a runtime that already has one
// (AssemblyScript emits it for globals with non-constant initialisers) cannot be linked.
if (hasStartSection(readFileSync(join(outDir, 'runtime.wasm')))) {
  console.error('runtime: the module has a start function; make global initialisers constant');
  process.exit(1);
}

function hasStartSection(bytes) {
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) return result >>> 0;
    }
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    if (id === 8) return true;
    i += size;
  }
  return false;
}
