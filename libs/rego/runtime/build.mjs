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

const { error, stderr } = await asc.main([
  entry,
  '--runtime', join(here, 'assembly', 'rt', 'allocator'),
  '--importMemory',
  '--initialMemory', '1',
  '--use', 'abort=assembly/index/vg_as_abort',
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--converge',
  '--noAssert',
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
