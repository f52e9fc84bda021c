// One jest config for the whole monorepo. Specs sit beside the code they pin;
// integration/e2e suites end in .e2e-spec.ts and talk to real services.
const swc = {
  swcrc: false,
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// Packages published as ES modules only (NestJS 12, jose) and PGlite's CJS build (which uses
// dynamic import()) cannot run in jest's CommonJS sandbox on Node 20: jest supports
// require(esm) natively only from Node 24.9. swc compiles them to CommonJS instead.
const esmPackages = ['@nestjs', '@electric-sql', 'jose', 'file-type', 'uid', 'load-esm', 'token-types', 'strtok3', '@tokenizer', 'uint8array-extras'];
const swcJs = { swcrc: false, jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' }, sourceMaps: 'inline' };

// The browser walk drives a real UI against a real control plane with 30 s waits; beside the
// other suites' parallel workers on two cores its steps raced the machine's load. `npm test`
// runs every other suite first (VIGIL_BROWSER_SUITES=skip), then the browser walk alone
// (=only). Unset, jest runs everything, so `npx jest <path>` finds any suite.
const BROWSER_SUITES = '/apps/control-plane/ui/test/[^/]+\\.e2e-spec\\.ts$';
function browserSuites() {
  return process.env.VIGIL_BROWSER_SUITES === 'skip' ? [BROWSER_SUITES] : [];
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/bench', '<rootDir>/deploy'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  ...(process.env.VIGIL_BROWSER_SUITES === 'only' ? { testRegex: BROWSER_SUITES, testMatch: undefined } : {}),
  transform: {
    '/node_modules/.+\\.(m|c)?js$': ['@swc/jest', swcJs],
    '^.+\\.(t|j)s$': ['@swc/jest', swc],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@vigil/(rego|contracts|agent-sdk)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/runtime/assembly/', ...browserSuites()],
  testTimeout: 60000,
};
