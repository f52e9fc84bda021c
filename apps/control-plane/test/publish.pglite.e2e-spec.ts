import { describePublishing } from './publish.scenarios';

describePublishing('pglite');
