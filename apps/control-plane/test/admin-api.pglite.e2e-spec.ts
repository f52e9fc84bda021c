import { describeAdminApi } from './admin-api.scenarios';

// The same scenarios on the embedded database, whatever the environment says.
describeAdminApi('pglite');
