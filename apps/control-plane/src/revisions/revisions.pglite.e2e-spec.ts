import { describeGroupCommit } from './revisions.scenarios';

describeGroupCommit('pglite');
