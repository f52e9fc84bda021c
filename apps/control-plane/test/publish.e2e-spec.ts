import { describePublishing } from './publish.scenarios';
import { defaultKind } from './test-database';

describePublishing(defaultKind());
