import { describeBundleScopes } from './bundle-scopes.scenarios';

describeBundleScopes('pglite');
