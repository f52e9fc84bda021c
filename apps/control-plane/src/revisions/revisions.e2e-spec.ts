import { defaultKind } from '../../test/test-database';
import { describeGroupCommit } from './revisions.scenarios';

describeGroupCommit(defaultKind());
