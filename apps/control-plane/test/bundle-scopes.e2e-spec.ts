import { describeBundleScopes } from './bundle-scopes.scenarios';
import { defaultKind } from './test-database';

describeBundleScopes(defaultKind());
