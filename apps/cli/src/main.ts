/**
 * `vigil`: one command for policy authors, admins and service owners. This file only
 * wires subcommands to their implementations; each returns an exit code.
 */
import { Command, Option } from 'commander';
import { defineAgentCommand } from '../../agent/src/main';
import { buildCommand, checkCommand, evalCommand, testCommand, type Io } from '@vigil/rego';
import { defineWorkflowCommands } from './commands/define-workflow';

const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
const v0 = new Option('--v0-compatible', 'parse modules with Rego v0 syntax (keywords need future.keywords imports)');
const collect = (value: string, prev: string[]): string[] => [...prev, value];

function run(fn: () => Promise<number>): Promise<void> {
  return fn().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

const program = new Command('vigil').description('Vigil: continuous authorization for microservices').showHelpAfterError();

program
  .command('build')
  .description('compile policies to an OPA-style wasm bundle (bundle.tar.gz + policy.wasm)')
  .argument('<paths...>', 'policy files or directories (.rego, data .json/.yaml)')
  .option('-e, --entrypoint <path>', 'entrypoint such as authz/allow (repeatable)', collect, [])
  .option('-o, --output <file>', 'bundle file to write', 'bundle.tar.gz')
  .option('--revision <rev>', 'revision to record in the manifest')
  .addOption(v0)
  .action((paths: string[], o) => run(() => buildCommand(paths, { entrypoints: o.entrypoint, output: o.output, revision: o.revision, v0Compatible: o.v0Compatible }, io)));

program
  .command('eval')
  .description('evaluate a query and print the result set as JSON')
  .argument('<query>', 'Rego query, e.g. "data.authz.allow = x"')
  .option('-d, --data <path>', 'policy or data file/directory (repeatable)', collect, [])
  .option('-i, --input <file>', 'input JSON file ("-" for stdin)')
  .option('--strict-builtin-errors', 'treat builtin errors as fatal')
  .addOption(v0)
  .action((query: string, o) => run(() => evalCommand(query, { data: o.data, input: o.input, v0Compatible: o.v0Compatible, strictBuiltinErrors: o.strictBuiltinErrors }, io)));

program
  .command('test')
  .description('run test_* rules; prints one line per test and "N passed, M failed"')
  .argument('<paths...>', 'policy files or directories')
  .option('-v, --verbose', 'show print() output')
  .option('-r, --run <regex>', 'only tests whose name matches')
  .addOption(v0)
  .action((paths: string[], o) => run(() => testCommand(paths, { verbose: o.verbose, run: o.run, v0Compatible: o.v0Compatible }, io)));

program
  .command('check')
  .description('parse and check policies; print diagnostics as file:row:col')
  .argument('<paths...>', 'policy files or directories')
  .option('--strict', 'also report unused variables and imports')
  .addOption(v0)
  .action((paths: string[], o) => run(() => checkCommand(paths, { strict: o.strict, v0Compatible: o.v0Compatible }, io)));

// login, push, pull, revoke, agents, decisions: the workflow against a control plane.
defineWorkflowCommands(program, io, run);

// `vigil agent ...`: the enforcement agent (apps/agent).
defineAgentCommand(program.command('agent'));

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 2;
});
