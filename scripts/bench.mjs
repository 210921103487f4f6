// `npm run bench`: how fast and how heavy the CLI is, measured in one run on this machine (not a test:
// timings on shared CI machines are too noisy to assert). Prints one plain table:
//   (a) start-up: `--help` and `doctor --help` against bare `node -e 0` (medians, interleaved runs);
//   (b) what users install: `npm pack`, then the tarball installed into an empty directory;
//   (c) doctor on a healthy project whose Okta answers each request 500 ms late, against its slowest
//       check run with only what it needs (`doctor --check <id>`, start-up included);
//   (d) a full CI-mode init against loopback systems and real terraform: total, and the part not spent
//       waiting for child processes (the CLI records them with SYM_QUICKSTART_TIMINGS);
//   (e) an interactive init in a pseudo-terminal whose terraform init takes 6 s more without the provider
//       in the plugin cache: the wait from the last answer to the plan prompt, against plan's own time.
// (c), (d) and (e) need moto_server, terraform and the offline provider mirror, as the end-to-end tests do.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { answerUpToStateQuestion } from '../test/helpers/fresh-wizard.mjs';
import { makeWorldBase, ROOT } from '../test/helpers/world-env.mjs';

const RUNS = Number(process.env.BENCH_RUNS) || 15;
const INIT_RUNS = Number(process.env.BENCH_INIT_RUNS) || 3;
// BENCH_ONLY=c measures only the parts named (a–e); (b) always runs, since the others use what it installs.
const ONLY = new Set((process.env.BENCH_ONLY || 'abcde').toLowerCase());
const WORKSPACE = 'T0123ABCD';
const rows = [];
const row = (part, measure, value, against = '', ratio = '', target = '', met = '') =>
  rows.push([part, measure, value, against, ratio, target, met]);
const ms = (n) => `${Math.round(n)} ms`;
const s = (n) => `${(n / 1000).toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const verdict = (ok) => (ok ? 'yes' : 'NO');
const temps = [];
const tempDir = (prefix) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const log = (line) => process.stderr.write(`${line}\n`);

function timeSync(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { ms: t, stdout: r.stdout };
}

/** Wall time of a command run asynchronously (a stand-in server lives in this process). */
function timeAsync(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: performance.now() - t0, code, stdout, stderr }));
  });
}

// (a) Start-up. The three commands take turns, so a burst of load elsewhere hits all of them alike.
function startup(cli) {
  const cmds = {
    'node -e 0': [process.execPath, ['-e', '0']],
    '--help': [process.execPath, [cli, '--help']],
    'doctor --help': [process.execPath, [cli, 'doctor', '--help']],
  };
  const times = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [k, [cmd, args]] of Object.entries(cmds)) {
      const t = timeSync(cmd, args).ms;
      if (i >= 2) times[k].push(t); // the first two rounds warm the page cache
    }
  }
  const bare = median(times['node -e 0']);
  row('a', `node -e 0 (median of ${RUNS})`, ms(bare));
  for (const k of ['--help', 'doctor --help']) {
    const t = median(times[k]);
    row(
      'a',
      `sym-okta-quickstart ${k} (median of ${RUNS})`,
      ms(t),
      ms(bare),
      `${(t / bare).toFixed(2)}×`,
      '≤ 1.30×',
      verdict(t / bare <= 1.3),
    );
  }
}

function packagesIn(nodeModules) {
  let n = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) {
        for (const sub of readdirSync(join(dir, name))) visit(join(dir, name, sub));
      } else visit(join(dir, name));
    }
  };
  const visit = (pkg) => {
    if (!existsSync(join(pkg, 'package.json'))) return;
    n++;
    walk(join(pkg, 'node_modules'));
  };
  walk(nodeModules);
  return n;
}

const duBytes = (dir) => Number(spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout.split('\t')[0]) * 1024;

function install(spec, label) {
  const npm = (dir) =>
    timeSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...spec], {
      cwd: dir,
    });
  npm(tempDir('sqs-bench-warm-')); // fills the npm cache, so the timed install below is a warm one
  const dir = tempDir('sqs-bench-install-');
  const t = npm(dir).ms;
  const nm = join(dir, 'node_modules');
  return { label, ms: t, bytes: duBytes(nm), packages: packagesIn(nm), dir };
}

// (b) What `npx sym-okta-quickstart` downloads and unpacks.
function footprint() {
  const packDir = tempDir('sqs-bench-pack-');
  // `npm run bench` has just built dist/ (prepack would build it again).
  const packed = JSON.parse(
    timeSync('npm', ['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', packDir], {
      cwd: ROOT,
    }).stdout,
  )[0];
  const tgz = join(packDir, packed.filename);
  row('b', `npm pack: ${packed.filename}`, mb(statSync(tgz).size), '', '', '', '');
  // The build leaves another build's recent chunks in dist/ for runs still using them (scripts/build.mjs).
  const built = new Set(
    Object.keys(
      JSON.parse(readFileSync(join(ROOT, 'node_modules/.cache/sym-okta-quickstart/meta.json'), 'utf8')).outputs,
    ).map((f) => basename(f)),
  );
  const stale = readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js') && !built.has(f));
  if (stale.length)
    row(
      'b',
      `  packed too: ${stale.length} chunk(s) of an earlier build (size on disk)`,
      mb(stale.reduce((n, f) => n + statSync(join(ROOT, 'dist', f)).size, 0)),
    );
  row('b', 'files in the tarball', String(packed.entryCount));
  const ours = install([tgz]);
  // For comparison, the same runtime packages as separate dependencies (what the package installed before bundling).
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const runtime = [
    '@aws-sdk/client-secrets-manager',
    '@cdktf/hcl2json',
    '@inquirer/prompts',
    '@okta/okta-sdk-nodejs',
    'chalk',
    'commander',
    'diff',
    'execa',
  ];
  const raw = process.env.BENCH_SKIP_RAW
    ? undefined
    : install(runtime.map((n) => `${n}@${pkg.devDependencies[n] ?? pkg.dependencies?.[n]}`));
  const vs = (k, f) => (raw ? `${f(raw[k])} unbundled` : '');
  row('b', 'installed node_modules (du)', mb(ours.bytes), vs('bytes', mb), '', '≤ 15 MB', verdict(ours.bytes <= 15e6));
  row(
    'b',
    'installed packages',
    String(ours.packages),
    vs('packages', String),
    '',
    '≤ 20',
    verdict(ours.packages <= 20),
  );
  row('b', 'npm install <tgz>, warm cache', s(ours.ms), vs('ms', s), '', '≤ 3 s', verdict(ours.ms <= 3000));
  return join(ours.dir, 'node_modules/sym-okta-quickstart/bin/sym-okta-quickstart.js');
}

async function startMoto() {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const on = (d) => {
      buf += d;
      const m = buf.match(/Running on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('error', reject);
    child.once('exit', (c) => reject(new Error(`moto_server exited ${c}: ${buf}`)));
    setTimeout(() => reject(new Error('moto_server did not start within 20 s')), 20_000).unref();
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    },
  };
}

const initFlags = (runtime) => [
  'init',
  '--yes',
  '--json',
  '--org',
  'acme',
  '--slack-workspace-id',
  WORKSPACE,
  '--okta-domain',
  'acme.okta.com',
  '--okta-target',
  'AWS Admins=00g1emaKYZTWRYYRRTSK',
  '--runtime-name',
  runtime,
];
const run = (cli, w, args, env = {}) =>
  timeAsync(process.execPath, [cli, ...args], { cwd: w.work, env: { ...w.env, ...env } });
function expectOk(r, what) {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stderr}`);
}

// (c) Doctor's checks run concurrently, each as soon as what it needs has passed; the target is a
// wall time within 1.2× of its slowest check run with only what that check needs (`doctor --check <id>`,
// which pays the same start-up before its chain can begin). Each check's own time inside the full run
// is shown too.
async function doctor(cli, motoUrl, tfMirror) {
  const w = await makeWorldBase({
    motoUrl,
    tfMirror,
    symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
  });
  temps.push(w.root);
  try {
    expectOk(
      await run(cli, w, initFlags(w.runtime), { CI: 'true', OKTA_API_TOKEN: w.token }),
      'init (to set up the project doctor checks)',
    );
    w.okta.delayMs = 500;
    const doctorRun = async (extra = []) => {
      const r = await run(cli, w, ['doctor', w.dir, '--json', ...extra]);
      expectOk(r, `doctor ${extra.join(' ')}`);
      const checks = JSON.parse(r.stdout).checks;
      // "not checked" marks a fact doctor cannot see (the Slack channels), on every project.
      const bad = checks.filter((c) => c.status !== 'pass' && !c.detail.startsWith('not checked:'));
      if (bad.length) throw new Error(`doctor found problems in a healthy project: ${JSON.stringify(bad)}`);
      return { total: r.ms, checks };
    };
    const full = [];
    const alone = {};
    // Rounds take turns (all checks, then each with what it needs), so load elsewhere hits both alike.
    for (let i = 0; i < 3; i++) {
      full.push(await doctorRun());
      for (const { id } of full[0].checks) {
        alone[id] ??= [];
        alone[id].push(await doctorRun(['--check', id]));
      }
    }
    const m = full.sort((a, b) => a.total - b.total)[1];
    // The target: doctor against its slowest check run with the checks it needs (`doctor --check <id>`),
    // which pays the same start-up (tfvars, SDKs, the token from the secret) before its chain can begin.
    const byWall = Object.entries(alone)
      .map(([id, rs]) => [id, rs.sort((a, b) => a.total - b.total)[1]])
      .sort((a, b) => b[1].total - a[1].total);
    const [slowestId, slowestRun] = byWall[0];
    const ratio = m.total / slowestRun.total;
    row(
      'c',
      `doctor, all ${m.checks.length} checks, Okta +500 ms an answer (median of 3)`,
      s(m.total),
      `${s(slowestRun.total)} doctor --check ${slowestId}`,
      `${ratio.toFixed(2)}×`,
      '≤ 1.20×',
      verdict(ratio <= 1.2),
    );
    for (const [id, r] of byWall.filter(([, r]) => r.total >= 1000)) {
      row(
        'c',
        `  doctor --check ${id} (${r.checks.length} checks with what it needs; median of 3)`,
        s(r.total),
        '',
        `${(m.total / r.total).toFixed(2)}×`,
      );
    }
    // A check's own time starts once what it needs has passed, so the rest of its chain is not in it.
    const own = m.checks.reduce((a, c) => (c.ms > a.ms ? c : a));
    row(
      'c',
      `  slowest check's own time, inside the full run (${own.id})`,
      s(own.ms),
      '',
      `${(m.total / own.ms).toFixed(2)}×`,
    );
    for (const c of m.checks.filter((c) => c.ms >= 250 && c !== own).sort((a, b) => b.ms - a.ms))
      row('c', `    check ${c.id}`, s(c.ms));
  } finally {
    await w.okta.close();
  }
}

/** Length of the union of [start, start + ms) intervals: children that overlap count once. */
function covered(intervals) {
  let total = 0;
  let end = -Infinity;
  for (const { start, ms: len } of [...intervals].sort((a, b) => a.start - b.start)) {
    const stop = start + len;
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

// (d) A whole CI-mode init; what is not spent in terraform or symflow is the wizard's own time
// (start-up, module loading, Okta and AWS calls, rendering, journalling).
async function initOnce(cli, motoUrl, tfMirror) {
  const w = await makeWorldBase({
    motoUrl,
    tfMirror,
    symflow: { loggedIn: false, jwtOrg: 'acme', services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
  });
  temps.push(w.root);
  try {
    const timings = join(w.root, 'timings.jsonl');
    const r = await run(cli, w, initFlags(w.runtime), {
      CI: 'true',
      SYM_JWT: 'eyJhbGciOiJIUzI1NiJ9.bench.sig',
      OKTA_API_TOKEN: w.token,
      SYM_QUICKSTART_TIMINGS: timings,
    });
    expectOk(r, 'init');
    const children = readFileSync(timings, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    return { total: r.ms, children, inChildren: covered(children) };
  } finally {
    await w.okta.close();
  }
}

async function init(cli, motoUrl, tfMirror) {
  const runs = [];
  for (let i = 0; i < INIT_RUNS; i++) runs.push(await initOnce(cli, motoUrl, tfMirror));
  const m = runs.sort((a, b) => a.total - a.inChildren - (b.total - b.inChildren))[runs.length >> 1];
  const by = {};
  for (const c of m.children) {
    const k = c.cmd.startsWith('terraform') ? c.cmd : c.cmd.split(' ')[0];
    by[k] = { n: (by[k]?.n ?? 0) + 1, ms: (by[k]?.ms ?? 0) + c.ms };
  }
  const outside = m.total - m.inChildren;
  row('d', `init --yes (CI mode), total (the median run of ${INIT_RUNS})`, s(m.total));
  row('d', `  in ${m.children.length} child processes`, s(m.inChildren));
  for (const [k, v] of Object.entries(by).sort((a, b) => b[1].ms - a[1].ms))
    row('d', `    ${v.n > 1 ? `${v.n}× ` : ''}${k}`, s(v.ms));
  row(
    'd',
    '  outside child processes',
    s(outside),
    runs.length > 1 ? `runs: ${runs.map((r) => s(r.total - r.inChildren)).join(', ')}` : '',
    '',
    '≤ 1 s',
    verdict(outside <= 1000),
  );
}

// (e) The wait a user feels at the end of the questions. A terraform stand-in makes `init` take 6 s
// more whenever the AWS provider is not yet in the plugin cache (a download); the answers are typed
// at a person's pace in a pseudo-terminal. From the last answer to "Apply this plan?", the run should
// take no longer than terraform plan itself plus 1 s: the download happened during the questions.
const DOWNLOAD_MS = 6000;
const PACE_MS = 650;
function slowDownloadTerraform(dir) {
  const real = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'terraform');
  writeFileSync(
    file,
    `#!/usr/bin/env node
// npm run bench (e): the real terraform, except that an init which does not find hashicorp/aws in the
// plugin cache first takes ${DOWNLOAD_MS / 1000} s, as downloading it would.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
const argv = process.argv.slice(2);
const cache = process.env.TF_PLUGIN_CACHE_DIR;
const cached = Boolean(cache) && existsSync(join(cache, 'registry.terraform.io/hashicorp/aws'));
let child;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => (child ? child.kill(sig) : process.exit(130)));
if (argv[0] === 'init' && !cached) await new Promise((r) => setTimeout(r, ${DOWNLOAD_MS}));
child = spawn(${JSON.stringify(real)}, argv, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
`,
  );
  chmodSync(file, 0o755);
}

async function interactive(cli, motoUrl, tfMirror) {
  const pty = await import('node-pty');
  const w = await makeWorldBase({
    motoUrl,
    tfMirror,
    symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
  });
  temps.push(w.root);
  const bin = join(w.root, 'slow-download-bin');
  slowDownloadTerraform(bin);
  const timings = join(w.root, 'timings.jsonl');
  const term = pty.spawn(process.execPath, [cli, 'init', '--no-browser'], {
    name: 'xterm-256color',
    cols: 100,
    rows: 30,
    cwd: w.work,
    env: { ...w.env, PATH: `${bin}:${w.env.PATH}`, SYM_QUICKSTART_TIMINGS: timings },
  });
  let screen = '';
  let consumed = 0;
  let wake = () => {};
  term.onData((d) => {
    screen += d;
    wake();
  });
  const exited = new Promise((r) => term.onExit(r));
  const waitFor = (text, ms = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`(e) no "${text}" within ${ms} ms:\n${stripVTControlCharacters(screen).slice(-2000)}`)),
        ms,
      );
      wake = () => {
        const i = stripVTControlCharacters(screen).indexOf(text, consumed);
        if (i < 0) return;
        consumed = i + text.length;
        clearTimeout(timer);
        wake = () => {};
        resolve(performance.now());
      };
      wake();
    });
  const pause = () => new Promise((r) => setTimeout(r, PACE_MS));
  try {
    // A person reads each question, then types: each answer goes in PACE_MS after its question shows.
    const first = await answerUpToStateQuestion(
      { waitFor, write: (text) => term.write(text), pause },
      { workspace: WORKSPACE, token: w.token, runtime: w.runtime },
    );
    term.write('\r'); // a local state file
    const last = performance.now();
    const prompt = await waitFor('? Apply this plan?');
    term.write('n\r');
    await exited;
    const children = readFileSync(timings, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const inits = children.filter((c) => c.cmd === 'terraform init').sort((a, b) => a.start - b.start);
    const plan = children.find((c) => c.cmd === 'terraform plan');
    if (!inits.length || !plan) throw new Error(`(e) expected a terraform init and plan: ${JSON.stringify(children)}`);
    const wait = prompt - last;
    row('e', `answers typed over (first question to last answer, ${PACE_MS} ms per answer)`, s(last - first));
    row('e', `  background terraform init (the ${DOWNLOAD_MS / 1000} s download inside)`, s(inits[0].ms));
    row(
      'e',
      "  the project's terraform init, after the last answer",
      inits[1] ? s(inits[1].ms) : "none (took over the background run's directory)",
    );
    // Where the rest of the wait goes: the AWS checks after the last answer, writing the project.
    row('e', '  last answer → terraform plan starts', s(plan.start - (performance.timeOrigin + last)));
    row('e', '  terraform plan', s(plan.ms));
    row(
      'e',
      'last answer → "Apply this plan?"',
      s(wait),
      `${s(plan.ms)} plan + 1 s`,
      '',
      '≤ plan + 1 s',
      verdict(wait <= plan.ms + 1000),
    );
  } finally {
    term.kill();
    await w.okta.close();
  }
}

function table() {
  const head = ['', 'measure', 'value', 'against', 'ratio', 'target', 'met'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

let moto;
try {
  const node = `${process.version}, ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} CPUs, npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()}`;
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(1))
      .join(' ');
  const loadBefore = load();
  // Everything runs the installed tarball, not the repository build: what users run, with only what it ships.
  log('(b) pack and install…');
  const installedCli = footprint();
  if (ONLY.has('a')) {
    log(`(a) start-up, ${RUNS} runs each…`);
    startup(installedCli);
  }
  const tfMirror =
    process.env.TF_PLUGIN_MIRROR ??
    spawnSync('sh', ['-c', 'find / -maxdepth 3 -type d -name tf-plugins 2>/dev/null | head -1'], {
      encoding: 'utf8',
    }).stdout.trim();
  if (!ONLY.has('c') && !ONLY.has('d') && !ONLY.has('e')) {
    // nothing below was asked for
  } else if (!has('moto_server') || !has('terraform') || !tfMirror) {
    row('c', 'doctor: SKIPPED (needs moto_server, terraform and the offline mirror)', '');
    row('d', 'init: SKIPPED (needs moto_server, terraform and the offline mirror)', '');
    row('e', 'interactive init: SKIPPED (needs moto_server, terraform and the offline mirror)', '');
  } else {
    moto = await startMoto();
    if (ONLY.has('c')) {
      log('(c) doctor…');
      await doctor(installedCli, moto.url, tfMirror);
    }
    if (ONLY.has('d')) {
      log('(d) init…');
      await init(installedCli, moto.url, tfMirror);
    }
    if (ONLY.has('e')) {
      log('(e) interactive init, terraform init with a 6 s download…');
      await interactive(installedCli, moto.url, tfMirror);
    }
  }
  console.log(
    `sym-okta-quickstart ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version} — npm run bench on ${node}`,
  );
  // Timings move with whatever else the machine runs; the load average says how busy it was.
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after\n`);
  console.log(table());
} finally {
  await moto?.stop();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
}
