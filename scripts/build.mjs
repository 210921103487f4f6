// Bundles src/ and every runtime package into dist/, so the published package has no dependencies:
// `npx` fetches and unpacks one tarball instead of installing ~150 packages. Each dynamic import()
// stays a chunk of its own, so `--help`, input validation and most of `doctor` never read the AWS SDK,
// the Okta SDK, execa, the prompts or the HCL parser. Chunks sit flat in dist/: init finds the
// templates as `../templates` from its own chunk.
import { build, transform } from 'esbuild';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const HCL_WASM = 'hcl2json.wasm.gz';

/**
 * Edits to third-party files, each for a reason given here. A build fails loudly when the text to
 * replace is gone (an upgrade changed the file), rather than shipping a bundle that breaks at run time.
 */
const PATCHES = [
  {
    // @cdktf/hcl2json reads its Go parser from `<package>/main.wasm.gz` through __dirname, which a
    // bundle does not have. The file ships next to the chunks (copied below); `require` is the
    // chunk's own (see BANNER), so require.resolve finds it there. Not import.meta: that would make
    // esbuild treat this CommonJS file as an ES module.
    file: /[\\/]@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/,
    from: '(0, path_1.join)(__dirname, "..", "main.wasm.gz")',
    to: `require.resolve("./${HCL_WASM}")`,
  },
];

/**
 * Code `--help` runs. Everything else from node_modules keeps its function and class names (the Okta
 * adapter tells an OktaApiError by the `name` the SDK takes from its constructor, and bundling may
 * rename a class); esbuild's keepNames costs start-up time, so the start-up path goes without.
 */
const STARTUP_PACKAGES = /[\\/]node_modules[\\/]commander[\\/]/;

const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
      let src = await readFile(args.path, 'utf8');
      for (const p of PATCHES.filter((p) => p.file.test(args.path))) {
        if (!src.includes(p.from))
          throw new Error(`${args.path} no longer contains ${p.from}; update PATCHES in scripts/build.mjs`);
        src = src.replace(p.from, p.to);
      }
      if (!STARTUP_PACKAGES.test(args.path))
        src = (await transform(src, { keepNames: true, loader: 'js', target: 'node20' })).code;
      return { contents: src, loader: 'js' };
    });
  },
};

// A CommonJS package that src/ imports dynamically (the Okta SDK, the AWS SDK's dist-cjs, hcl2json)
// would come out of a split bundle as a chunk exporting only `default`, where Node's own import()
// also gives its named exports (`sdk.Client`). This ES-module facade re-exports each name, so src/
// reads the same bundled or not. The names are the package's own, read by loading it here.
const cjsFacades = {
  name: 'cjs-facades',
  setup(b) {
    b.onResolve({ filter: /^(@[\w-][\w.-]*\/)?[\w-][\w.-]*(\/.*)?$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.importer.includes('node_modules') || isBuiltin(args.path))
        return undefined;
      const loaded = createRequire(args.importer)(args.path);
      if (loaded[Symbol.toStringTag] === 'Module') return undefined; // an ES module: its chunk has the real exports
      return {
        path: args.path,
        namespace: 'cjs-facade',
        pluginData: { names: Object.keys(loaded), resolveDir: args.resolveDir },
      };
    });
    b.onLoad({ filter: /.*/, namespace: 'cjs-facade' }, (args) => {
      const { names, resolveDir } = args.pluginData;
      // src/ never uses a dynamically imported package's `default`.
      const named = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      const contents = [
        `import * as m from ${JSON.stringify(args.path)};`,
        ...named.map((n) => `export const ${n} = m.${n};`),
      ].join('\n');
      return { contents, resolveDir, loader: 'js' };
    });
  },
};

// `import … from 'node:fs'` makes Node build an ES-module facade of the built-in, reading every
// export, which loads fs's streams and promises before `--help` prints anything. require() does not.
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z:_/]+$/ }, (args) =>
      // One wrapper per importer: a wrapper shared by two chunks would become a chunk of its own.
      args.kind === 'import-statement' && isBuiltin(args.path)
        ? { path: `${args.path}|${args.importer}`, namespace: 'builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path.split('|')[0])});`,
      loader: 'js',
    }));
  },
};

// Optional packages that bundled code require()s inside try/catch and does without: node-fetch's
// `encoding` (non-UTF-8 bodies), debug's `supports-color`, hcl2json's `performance` (Node < 16).
// Bundled as "not installed", so the CLI behaves the same wherever it is installed, instead of
// picking them up from whatever node_modules happens to be above it.
const ABSENT = ['encoding', 'supports-color', 'performance'];
const absentOptionals = {
  name: 'absent-optionals',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${ABSENT.join('|')})$`) }, (args) =>
      args.kind === 'require-call' ? { path: args.path, namespace: 'absent' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}), { code: 'MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

// Bundled CommonJS (the Okta SDK, the AWS SDK's dist-cjs, fs-extra…) still calls require() for Node's
// built-ins, and an ES module has no `require`. Made on first call: createRequire costs more than the
// rest of a small chunk, and most chunks never call it.
const BANNER = [
  "import { createRequire as __sqsCreateRequire } from 'node:module';",
  'let __sqsRequire;',
  'const require = (id) => (__sqsRequire ??= __sqsCreateRequire(import.meta.url))(id);',
  'require.resolve = (id, options) => (__sqsRequire ??= __sqsCreateRequire(import.meta.url)).resolve(id, options);',
].join(' ');

const common = {
  absWorkingDir: root,
  outdir: dist,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: BANNER },
  legalComments: 'none',
  metafile: true,
  write: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

// Two builds. The start-up path (src/main.ts and what it imports statically: commander, the option
// table, validators, output) is one file, dist/main.js: `--help` and a rejected flag read nothing
// else, and every further file costs start-up time. Each dynamic import() in it becomes a file of
// the second build, which holds the commands and splits the heavy packages into chunks of their own.
// Both builds include the modules they share, except errors.ts: the commands take its error classes
// from main.js, so `instanceof QuickstartError` in main.ts holds for what a command throws.
const lazyEntries = {};
const startup = await build({
  ...common,
  entryPoints: { main: 'sqs:main' },
  plugins: [
    {
      name: 'startup-entry',
      setup(b) {
        b.onResolve({ filter: /^sqs:main$/ }, () => ({ path: 'main', namespace: 'sqs' }));
        b.onLoad({ filter: /.*/, namespace: 'sqs' }, () => ({
          contents: "export * from './src/main.ts'; export * from './src/errors.ts';",
          resolveDir: root,
          loader: 'js',
        }));
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.kind !== 'dynamic-import' || isBuiltin(args.path)) return undefined;
          const r = await b.resolve(args.path, {
            kind: 'import-statement',
            importer: args.importer,
            resolveDir: args.resolveDir,
          });
          if (r.errors.length) return { errors: r.errors };
          const name =
            basename(r.path).replace(/\.[cm]?[jt]s$/, '') === 'index'
              ? basename(dirname(r.path))
              : basename(r.path).replace(/\.[cm]?[jt]s$/, '');
          if (lazyEntries[name] && lazyEntries[name] !== r.path)
            throw new Error(`two dynamic imports would both become dist/${name}.js`);
          lazyEntries[name] = r.path;
          return { path: `./${name}.js`, external: true };
        });
      },
    },
    builtinsViaRequire,
    vendorFiles,
  ],
});
const errorsModule = join(root, 'src/errors.ts');
const commands = await build({
  ...common,
  entryPoints: lazyEntries,
  splitting: true,
  chunkNames: '[name]-[hash]',
  plugins: [
    {
      name: 'errors-from-main',
      setup(b) {
        b.onResolve({ filter: /[\\/]errors\.js$/ }, async (args) => {
          if (args.pluginData === 'errors-from-main') return undefined;
          const r = await b.resolve(args.path, {
            kind: args.kind,
            importer: args.importer,
            resolveDir: args.resolveDir,
            pluginData: 'errors-from-main',
          });
          return r.path === errorsModule ? { path: './main.js', external: true } : undefined;
        });
      },
    },
    builtinsViaRequire,
    cjsFacades,
    absentOptionals,
    vendorFiles,
  ],
});
const metafile = {
  inputs: { ...startup.metafile.inputs, ...commands.metafile.inputs },
  outputs: { ...startup.metafile.outputs, ...commands.metafile.outputs },
};
const files = new Map([...startup.outputFiles, ...commands.outputFiles].map((f) => [f.path, f.text]));

// Chunks of third-party code only are minified (the Okta SDK's generated API is 10 MB as written).
// Chunks holding our code stay readable, so a stack trace in the debug log still is, and so does the
// chunk holding hcl2json's patched file: MPL-2.0 asks for a changed file's source form.
const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js'));
await Promise.all(
  outputs
    .filter(
      ([, out]) => !Object.keys(out.inputs).some((i) => i.startsWith('src/') || PATCHES.some((p) => p.file.test(i))),
    )
    .map(async ([file]) => {
      const path = join(root, file);
      files.set(
        path,
        (
          await transform(files.get(path), {
            minify: true,
            format: 'esm',
            platform: 'node',
            target: 'node20',
            legalComments: 'none',
          })
        ).code,
      );
    }),
);
files.set(
  join(dist, 'THIRD-PARTY-NOTICES.txt'),
  await thirdPartyNotices(outputs.flatMap(([, out]) => Object.keys(out.inputs))),
);
files.set(
  join(dist, HCL_WASM),
  await readFile(join(dirname(require.resolve('@cdktf/hcl2json/package.json')), 'main.wasm.gz')),
);

// dist/ is updated in place, never emptied first: a run that started before this build (a test,
// another terminal) goes on importing its chunks. Each file is replaced atomically, and only if it
// changed; files this build did not make go once they are old, or at once with --clean (prepack).
const STALE_MS = 15 * 60_000;
await mkdir(dist, { recursive: true });
for (const [path, contents] of files) {
  const now = await readFile(path).catch(() => undefined);
  if (now && Buffer.compare(now, Buffer.from(contents)) === 0) continue;
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, path);
}
for (const name of await readdir(dist)) {
  const path = join(dist, name);
  if (files.has(path)) continue;
  if (process.argv.includes('--clean') || Date.now() - (await stat(path)).mtimeMs > STALE_MS)
    await rm(path, { recursive: true, force: true });
}

// What went into each chunk, for test/e2e/lazy-load.test.ts; kept out of dist/ so it does not ship.
const cache = join(root, 'node_modules/.cache/sym-okta-quickstart');
await mkdir(cache, { recursive: true });
await writeFile(join(cache, `meta.json.${process.pid}.tmp`), JSON.stringify(metafile));
await rename(join(cache, `meta.json.${process.pid}.tmp`), join(cache, 'meta.json'));

/** The licence of every bundled package, as the licences ask (bundling drops the packages' own files). */
async function thirdPartyNotices(inputFiles) {
  const dirs = new Set();
  for (const f of inputFiles) {
    if (/^[\w-]+:/.test(f)) continue; // a virtual module of a plugin above
    const m = f.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (m) dirs.add(m[1]);
  }
  const parts = [];
  for (const dir of [...dirs].sort((a, c) =>
    a.split('node_modules/').pop().localeCompare(c.split('node_modules/').pop()),
  )) {
    const meta = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
    const license = typeof meta.license === 'string' ? meta.license : (meta.license?.type ?? 'see package');
    const file = (await readdir(join(root, dir))).find((n) => /^(licen[cs]e|copying)(\.|$)/i.test(n));
    const text = file
      ? (await readFile(join(root, dir, file), 'utf8')).trim()
      : `(no licence file in the package; its package.json says ${license})`;
    parts.push(
      `${meta.name}@${meta.version} — ${license}${meta.repository ? ` — ${typeof meta.repository === 'string' ? meta.repository : meta.repository.url}` : ''}\n\n${text}`,
    );
  }
  const head = [
    `${pkg.name} bundles the packages below into dist/; their licences follow.`,
    'They are included unchanged, except one line of @cdktf/hcl2json lib/bridge.js, which finds main.wasm.gz',
    `next to its chunk: \`${PATCHES[0].from}\` became \`${PATCHES[0].to}\` (dist/ keeps that chunk unminified).`,
    'The source form of each package (MPL-2.0 ones included) is the package of the version named here, on',
    'the npm registry, and the repository it names.',
  ].join('\n');
  return `${[head, ...parts].join(`\n\n${'-'.repeat(78)}\n\n`)}\n`;
}
