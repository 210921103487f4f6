import { Command, Option } from 'commander';
import { envName, INPUTS } from './inputs.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (dry run complete; doctor: no failures)
  1    a step failed in an outside system (terraform, symflow, AWS, Okta)
  2    usage error: unknown flag, or an invalid value
  3    missing input in non-interactive mode, or a required tool is missing
  4    authentication rejected (Okta token, Sym session or bot token, AWS credentials)
  5    doctor found at least one failure (--strict: also a warning or a check that could not run)
  130  interrupted (Ctrl-C; 143 after SIGTERM, 129 after SIGHUP)`;

export interface Handlers {
  init(directory: string | undefined, opts: Record<string, unknown>, cmd: Command): Promise<void>;
  doctor(directory: string | undefined, opts: Record<string, unknown>, cmd: Command): Promise<void>;
  destroy(directory: string | undefined, opts: Record<string, unknown>, cmd: Command): Promise<void>;
  ci(directory: string | undefined, opts: Record<string, unknown>, cmd: Command): Promise<void>;
}

const boolEnv = (flag: string) => `SYM_QUICKSTART_${flag.replace(/^--/, '').toUpperCase().replace(/-/g, '_')}`;

/** commander wiring only: flags, help and environment names. What the commands do lives in src/commands. */
export function buildProgram(version: string, handlers: Handlers): Command {
  const program = new Command('sym-okta-quickstart')
    .description('Set up Sym just-in-time access to Okta groups, approved in Slack — or check an existing setup.')
    .version(version, '-v, --version')
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Examples:
  $ npx sym-okta-quickstart init            # guided setup in ./sym-okta-quickstart
  $ npx sym-okta-quickstart doctor my-dir   # check every prerequisite and setting
${EXIT_CODES_HELP}`,
    );

  const init = program
    .command('init')
    .argument('[directory]', 'where to write the Terraform project', 'sym-okta-quickstart')
    .description(
      'Set up the Sym Okta access flow: every question, check, file, Terraform apply and the token in AWS Secrets Manager.',
    );
  for (const spec of INPUTS) {
    const o = new Option(spec.flag, spec.description).env(envName(spec));
    if (spec.repeatable) o.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    init.addOption(o);
  }
  const bools: Array<[string, string]> = [
    ['--okta-token-stdin', 'read the Okta API token from stdin (it is never a flag value)'],
    ['-y, --yes', 'accept defaults and confirmations, the Terraform plan included'],
    ['--non-interactive', 'never prompt (automatic without a TTY, or when CI is set)'],
    ['--dry-run', 'run every check and show every change; change nothing'],
    ['--json', 'machine-readable result on stdout; human text on stderr'],
    ['--no-browser', 'print links instead of opening a browser'],
    ['--replace-secret', 'overwrite a secret whose current value is not a JSON object'],
    ['--verbose', "show details (terraform's own output, the full plan); a failed run's debug log is kept either way"],
    ['--no-color', 'no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)'],
  ];
  for (const [flag, description] of bools)
    init.addOption(new Option(flag, description).env(boolEnv(flag.split(', ').pop()!)));
  init.addOption(
    new Option('--force-step <id>', 'redo one step even if it is done; repeatable').argParser(
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    ),
  );
  init.addHelpText(
    'after',
    `
The Okta API token comes from the masked prompt, OKTA_API_TOKEN, or --okta-token-stdin — never a flag.
SYM_JWT (a Sym bot token) is used for Sym when set; AWS credentials come from the usual AWS variables and profiles.

Example (CI):
  $ OKTA_API_TOKEN=… SYM_JWT=… npx sym-okta-quickstart init --yes --json \\
      --slack-workspace-id T0123ABCD --okta-domain acme.okta.com --okta-target "AWS Admins=00g1emaKYZTWRYYRRTSK"
${EXIT_CODES_HELP}`,
  );
  init.action(handlers.init);

  const doctor = program
    .command('doctor')
    .argument('[directory]', 'the project to check (default: the current directory, else ./sym-okta-quickstart)')
    .description('Check every prerequisite and setting of a project; each failure comes with its fix.')
    .addOption(new Option('--json', 'only the JSON result on stdout').env('SYM_QUICKSTART_JSON'))
    .addOption(new Option('--strict', 'exit 5 on warnings and on checks that could not run too'))
    .addOption(new Option('--timeout <seconds>', 'time limit for each check, in seconds').default(10))
    .addOption(new Option('--verbose', 'show passing details and timings'))
    .addOption(new Option('--no-color', 'no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)'))
    .addOption(
      new Option(
        '--check <id...>',
        'run only these checks, and the ones they need (ids as in --json: okta-token, secret, …)',
      ),
    )
    .addHelpText(
      'after',
      `\nExamples:\n  $ npx sym-okta-quickstart doctor ./sym-okta-quickstart\n  $ npx sym-okta-quickstart doctor ./sym-okta-quickstart --check okta-token okta-targets   # after fixing the token\n${EXIT_CODES_HELP}`,
    );
  doctor.action(handlers.doctor);

  const destroy = program
    .command('destroy')
    .argument('[directory]', 'the project to take down (default: the current directory, else ./sym-okta-quickstart)')
    .description(
      'Take the setup down: terraform destroy of the Sym flow, its integrations, the IAM roles and the secret (AWS keeps it for its recovery window). The project directory, the state bucket and any Sym bot stay.',
    )
    .addOption(new Option('-y, --yes', 'do not ask; needs --confirm').env('SYM_QUICKSTART_YES'))
    .addOption(
      new Option('--confirm <runtime-name>', 'the runtime name, typed out: what an unattended destroy destroys').env(
        'SYM_QUICKSTART_CONFIRM',
      ),
    )
    .addOption(
      new Option('--non-interactive', 'never prompt (automatic without a TTY, or when CI is set)').env(
        'SYM_QUICKSTART_NON_INTERACTIVE',
      ),
    )
    .addOption(new Option('--dry-run', 'show what would be destroyed; change nothing').env('SYM_QUICKSTART_DRY_RUN'))
    .addOption(
      new Option('--json', 'machine-readable result on stdout; human text on stderr').env('SYM_QUICKSTART_JSON'),
    )
    .addOption(new Option('--verbose', "show terraform's own output; a failed run's debug log is kept either way"))
    .addHelpText(
      'after',
      `
Examples:
  $ npx sym-okta-quickstart destroy ./sym-okta-quickstart --dry-run              # what would go
  $ npx sym-okta-quickstart destroy ./sym-okta-quickstart                        # asks you to type the runtime name
  $ npx sym-okta-quickstart destroy ./sym-okta-quickstart --yes --confirm prod   # unattended
Afterwards, \`init\` in the same directory builds it all again (restoring the secret while AWS keeps it).
${EXIT_CODES_HELP}`,
    );
  destroy.action(handlers.destroy);
  const ci = program
    .command('ci')
    .argument('[directory]', 'the project (default: the current directory, else ./sym-okta-quickstart)')
    .description(
      'Set up GitHub Actions for the project: OIDC roles (no AWS keys), a Sym bot token in the SYM_JWT secret, and plan/apply workflows.',
    );
  const ciOptions: Array<[string, string, string?]> = [
    ['--github-repo <owner/name>', 'the GitHub repository (default: from the git remote origin)'],
    ['--branch <name>', "the branch whose pushes apply (default: the remote's default branch, else main)"],
    ['--bot-name <name>', 'Sym bot the pipeline acts as', 'sym-okta-quickstart-ci'],
    ['--token-expiry <n><s|m|d|mo>', "lifetime of the bot's token", '90d'],
    ['--rotate-token', 'issue a new bot token and replace the SYM_JWT secret'],
    ['-y, --yes', 'confirm the Terraform plan without a prompt'],
    ['--non-interactive', 'never prompt (automatic without a TTY, or when CI is set)'],
    ['--dry-run', 'show the roles, bot, secret, variables and files it would create; change nothing'],
    ['--json', 'machine-readable result on stdout; human text on stderr'],
    ['--verbose', "show details (terraform's own output); a failed run's debug log is kept either way"],
  ];
  for (const [flag, description, def] of ciOptions) {
    const o = new Option(flag, def ? `${description} (default: ${def})` : description).env(
      boolEnv(flag.split(', ').pop()!.split(' ')[0]!),
    );
    ci.addOption(o);
  }
  ci.addHelpText(
    'after',
    `
Needs remote state (init --state-bucket). The bot token goes from \`symflow tokens issue\` straight into
\`gh secret set SYM_JWT\` on stdin: it is never shown, written or passed as an argument. Without gh (or not
logged in), ci issues no token and prints the exact commands left to run.

Examples:
  $ npx sym-okta-quickstart ci ./sym --dry-run
  $ npx sym-okta-quickstart ci ./sym --github-repo acme/infrastructure --branch main
${EXIT_CODES_HELP}`,
  );
  ci.action(handlers.ci);
  return program;
}
