import { describeAdminApi } from './admin-api.scenarios';
import { defaultKind } from './test-database';

// Postgres when VIGIL_TEST_POSTGRES_URL is set (CI), PGlite otherwise.
describeAdminApi(defaultKind());
