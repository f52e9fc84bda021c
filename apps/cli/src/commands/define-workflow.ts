/** Registers the workflow commands on the `vigil` program (main.ts calls this once). */
import type { Command } from 'commander';
import type { Io } from '@vigil/rego';
import { agentsCommand, decisionsCommand, loginCommand, pullCommand, pushCommand, revokeCommand } from './workflow';

export function defineWorkflowCommands(program: Command, io: Io, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('login')
    .description('save the control-plane URL and API key (file mode 0600; VIGIL_CONFIG overrides the path)')
    .requiredOption('--url <url>', 'control plane, e.g. http://127.0.0.1:8080')
    .option('--api-key <key>', 'API key (or VIGIL_API_KEY)')
    .action((o) => run(() => loginCommand({ url: o.url, apiKey: o.apiKey }, io)));

  program
    .command('push')
    .description('compile and test a policy directory locally, then publish all of it atomically; prints the new revision')
    .argument('<dir>', 'directory of .rego files (ids from paths: authz/rbac.rego → authz.rbac); .json/.yaml data is used for local tests')
    .option('-m, --message <text>', 'message recorded with each new version')
    .option('--prune', 'also remove published policies that are not in the directory')
    .option('--dry-run', 'ask the control plane to compile and test without publishing')
    .option('--scope <name>', 'the directory is this bundle scope\'s policy set ("*": shared by every scope); --prune stays within it')
    .action((dir: string, o) => run(() => pushCommand(dir, { message: o.message, prune: o.prune, dryRun: o.dryRun, scope: o.scope }, io)));

  program
    .command('pull')
    .description('write every published policy to <dir>/<id>.rego')
    .argument('<dir>', 'target directory')
    .option('--force', 'overwrite .rego files already there')
    .option('--scope <name>', 'only this bundle scope\'s policies ("*": the shared ones)')
    .action((dir: string, o) => run(() => pullCommand(dir, { force: o.force, scope: o.scope }, io)));

  program
    .command('revoke')
    .description('revoke a subject, token id, session or service at every agent')
    .argument('<kind>', 'subject | token_id | session | service')
    .argument('<value>', 'e.g. alice')
    .option('-r, --reason <text>', 'why')
    .option('--expires <iso>', 'when the revocation ends, e.g. 2030-01-01T00:00:00Z')
    .action((kind: string, value: string, o) => run(() => revokeCommand(kind, value, { reason: o.reason, expires: o.expires }, io)));

  program
    .command('agents')
    .description('list agents: state, applied revision, lag (drift) and last seen')
    .option('--json', 'print JSON')
    .action((o) => run(() => agentsCommand({ json: o.json }, io)));

  program
    .command('decisions')
    .description('print logged decisions, oldest first; --follow keeps printing new ones')
    .option('-f, --follow', 'keep polling for new decisions (Ctrl-C stops)')
    .option('--subject <subject>', 'only this subject')
    .option('--path <path>', 'only this entrypoint, e.g. authz/allow')
    .option('--denied', 'only denials')
    .option('-n, --limit <n>', 'how many recent decisions to start with', '20')
    .action((o) => run(() => decisionsCommand({ follow: o.follow, subject: o.subject, path: o.path, denied: o.denied, limit: o.limit }, io)));
}
