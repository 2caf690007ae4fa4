// Bundles the extension into dist/extension.js (CommonJS), plus files in dist/lazy/ loaded on first use:
// one per parser library, and features.js with the commands activation never runs.
// Type checking is `npm run typecheck`.
const fs = require('node:fs');
const path = require('node:path');
const { isBuiltin } = require('node:module');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outfileArg = process.argv.find((a) => a.startsWith('--outfile='));
const outfile = outfileArg ? outfileArg.slice('--outfile='.length) : 'dist/extension.js';
/** Where to write esbuild's metafile (which inputs the bundle holds), for the packaging test. */
const metafileArg = process.argv.find((a) => a.startsWith('--metafile='));

/**
 * Libraries the extension needs only for some commands (reading an environment.yml, a Dockerfile, a
 * module's meta.yml, a TOML credentials file; checking a meta.yml against its schema). Each is bundled
 * into dist/lazy/<file>.js of its own, and the main bundle holds a stand-in with the library's export
 * names that `require`s that file the first time one of them is read. That keeps them out of the
 * start-up cost (parsing and evaluating dist/extension.js) and out of its size. The sources import
 * them as usual, so the unit tests (tsc, plain Node) use the packages directly.
 */
const LAZY = [
  { pkg: 'yaml', file: 'yaml' },
  { pkg: 'dockerfile-ast', file: 'dockerfile-ast' },
  { pkg: 'smol-toml', file: 'smol-toml' },
  { pkg: 'ajv/dist/2020', file: 'ajv-2020' },
];
const lazyDir = path.join(path.dirname(outfile), 'lazy');

/**
 * Our own sources that only a command runs (Create/Edit Studio, the Wave build commands and the actions
 * on a build, Build Module Containers, Inspect Container Image, Remote-SSH and the SSH keys). They and
 * every source only they reach go into dist/lazy/features.js, loaded by the first command that needs
 * one; in dist/extension.js each of these files is a stand-in whose exports load that file when read.
 * Every source the main bundle holds stays there only: features.js gets the main bundle's own module
 * objects for them (handed over when it is loaded), so each source file is one module instance
 * (its state and classes, `instanceof` included) whichever file runs it. `npm run watch` keeps
 * everything in dist/extension.js.
 */
const LAZY_SOURCES = [
  'src/studios/create.ts',
  'src/studios/edit.ts',
  'src/waveBuilds/buildWithOptions.ts',
  'src/waveBuilds/waveBuild.ts',
  'src/waveBuilds/buildFromPackages.ts',
  'src/waveBuilds/buildActions.ts',
  'src/waveBuilds/scanActions.ts',
  'src/waveBuilds/copyNextflowConfig.ts',
  'src/waveBuilds/waveSettings.ts',
  'src/platform/studioConfig.ts',
  'src/moduleContainers/buildModuleContainers.ts',
  'src/waveInspect/inspectImage.ts',
  'src/remoteSsh/connectRemoteSsh.ts',
  'src/remoteSsh/addSshKey.ts',
  'src/remoteSsh/manageSshKeys.ts',
];
const FEATURES_FILE = 'features';
/** The name features.js receives the main bundle's modules under (a parameter of the function it is). */
const SHARED_PARAM = '__seqeraShared';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
};

/** Prints esbuild's problems in the format VS Code's `$esbuild-watch` matcher reads. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Every `import * as vscode from 'vscode'` would otherwise become its own copy of the vscode API
 * object (esbuild's __toESM defines one getter per API name, ~300 of them, in each of ~80 modules):
 * about 20 ms of activation. One shared namespace module makes it a single copy.
 */
const vscodeOncePlugin = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * Each LAZY package is a stand-in that loads dist/lazy/<file>.js on first use; `from` is that folder as
 * seen from the file being built (dist/extension.js or dist/lazy/features.js).
 */
function lazyPlugin(exportsOf, from = './lazy/') {
  return {
    name: 'lazy-libraries',
    setup(build) {
      for (const { pkg, file } of LAZY) {
        const filter = new RegExp(`^${pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        build.onResolve({ filter }, (args) => (args.namespace === 'lazy' ? undefined : { path: file, namespace: 'lazy' }));
      }
      build.onResolve({ filter: /^\.\/(lazy\/)?[\w.-]+\.js$/ }, (args) => (args.namespace === 'lazy' || args.namespace === 'seqera' ? { path: args.path, external: true } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
        const { names, esModule } = exportsOf(args.path);
        return { contents: lazyStandIn(`${from}${args.path}.js`, names, esModule), loader: 'js' };
      });
    },
  };
}

/** CommonJS exports named `names` that `require(file)` (and `pick` of it) the first time one is read. */
function lazyStandIn(file, names, esModule, load = `require(${JSON.stringify(file)})`) {
  const props = names.map((n) => `  ${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] },`);
  if (esModule) props.push('  __esModule: { value: true },');
  return [
    'let loaded;',
    `const load = () => (loaded ??= ${load});`,
    `module.exports = Object.defineProperties({}, {\n${props.join('\n')}\n});`,
  ].join('\n');
}

/** The export names of a built lazy file, read from the file itself so the stand-in matches it exactly. */
function exportsOfBuilt(file) {
  const abs = path.resolve(lazyDir, `${file}.js`);
  delete require.cache[abs];
  const mod = require(abs);
  return { names: Object.keys(mod).filter((k) => k !== '__esModule' && k !== 'default').concat('default' in mod ? ['default'] : []), esModule: mod.__esModule === true };
}

/** A metafile input's key: its path relative to the repository, or `namespace:path` for a plugin's module. */
const inputKey = (p) => path.relative(process.cwd(), p).split(path.sep).join('/');

/**
 * Splits the whole bundle's module graph (esbuild's metafile of a build without the split): `main` is
 * what dist/extension.js reaches without entering a LAZY_SOURCES file, `features` what those files reach
 * besides, `shared` the modules of `main` that `features` imports.
 */
function partition(meta) {
  const imports = (k) => (meta.inputs[k]?.imports ?? []).filter((i) => !i.external).map((i) => i.path);
  for (const k of LAZY_SOURCES) if (!meta.inputs[k]) throw new Error(`esbuild.js LAZY_SOURCES: ${k} is not part of the bundle`);
  const main = new Set();
  for (const stack = ['src/extension.ts']; stack.length; ) {
    const k = stack.pop();
    if (main.has(k) || LAZY_SOURCES.includes(k)) continue;
    main.add(k);
    stack.push(...imports(k));
  }
  const features = new Set();
  for (const stack = [...LAZY_SOURCES]; stack.length; ) {
    const k = stack.pop();
    if (features.has(k) || main.has(k)) continue;
    features.add(k);
    stack.push(...imports(k));
  }
  const shared = new Set();
  for (const k of features) for (const i of imports(k)) if (main.has(i)) shared.add(i);
  return { main, features, shared: [...shared].sort() };
}

/** How the main bundle imports a shared module so that it resolves to that same module. */
function specifierOf(key) {
  if (key.startsWith('vscode-once:')) return 'vscode';
  if (key.startsWith('lazy:')) return LAZY.find((l) => l.file === key.slice('lazy:'.length)).pkg;
  return path.resolve(key);
}

/**
 * In dist/extension.js, each LAZY_SOURCES file becomes an ES module that re-exports a CommonJS stand-in
 * (whose getters load features.js) and imports the registry: the namespace objects of the shared
 * modules, which the stand-in hands to features.js.
 */
function lazySourcesPlugin(part, exportsOfSource) {
  const registry = () =>
    [
      ...part.shared.map((k, i) => `import * as m${i} from ${JSON.stringify(specifierOf(k))};`),
      "import holder from 'seqera:holder';",
      `holder.shared = {\n${part.shared.map((k, i) => `  ${JSON.stringify(k)}: m${i},`).join('\n')}\n};`,
    ].join('\n');
  return {
    name: 'lazy-sources',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.namespace !== 'file' || args.pluginData?.lazySources) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { lazySources: true } });
        if (r.errors.length > 0) return { errors: r.errors };
        const key = inputKey(r.path);
        return LAZY_SOURCES.includes(key) ? { path: key, namespace: 'lazy-source' } : r;
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-source' }, (args) => ({
        contents: `import 'seqera:registry';\nexport * from ${JSON.stringify(`seqera:stand-in:${args.path}`)};`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^seqera:/ }, (args) => ({ path: args.path.slice('seqera:'.length), namespace: 'seqera' }));
      build.onLoad({ filter: /.*/, namespace: 'seqera' }, (args) => {
        if (args.path === 'registry') return { contents: registry(), loader: 'js', resolveDir: process.cwd() };
        if (args.path === 'holder') return { contents: 'module.exports = { shared: undefined };', loader: 'js' };
        const key = args.path.slice('stand-in:'.length);
        const load = `require(${JSON.stringify(`./lazy/${FEATURES_FILE}.js`)})(require('seqera:holder').shared)[${JSON.stringify(key)}]`;
        return { contents: lazyStandIn(undefined, exportsOfSource(key), true, load), loader: 'js' };
      });
    },
  };
}

/**
 * features.js: the LAZY_SOURCES files and what only they reach, built as one function of the main
 * bundle's shared modules that returns each LAZY_SOURCES file's exports. An import of a module of the
 * main bundle becomes that module's object from the registry; a parser not in the main bundle gets its
 * own stand-in (the same dist/lazy/ file, so the same instance).
 */
function featuresPlugin(part) {
  return {
    name: 'features',
    setup(build) {
      build.onResolve({ filter: /^seqera:entry$/ }, () => ({ path: 'entry', namespace: 'seqera' }));
      build.onLoad({ filter: /^entry$/, namespace: 'seqera' }, () => ({
        contents: [
          ...LAZY_SOURCES.map((k, i) => `import * as e${i} from ${JSON.stringify(path.resolve(k))};`),
          `export const entries = {\n${LAZY_SOURCES.map((k, i) => `  ${JSON.stringify(k)}: e${i},`).join('\n')}\n};`,
        ].join('\n'),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.features || args.namespace === 'shared' || args.namespace === 'lazy' || isBuiltin(args.path)) return undefined;
        let key;
        let resolved;
        if (args.path === 'vscode') key = 'vscode-once:vscode';
        else if (LAZY.some((l) => l.pkg === args.path)) key = `lazy:${LAZY.find((l) => l.pkg === args.path).file}`;
        else {
          resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { features: true } });
          if (resolved.errors.length > 0 || resolved.external) return resolved;
          key = inputKey(resolved.path);
        }
        if (part.main.has(key)) {
          if (!part.shared.includes(key)) throw new Error(`esbuild.js: ${args.importer} imports ${key}, which the registry of shared modules lacks`);
          return { path: key, namespace: 'shared' };
        }
        return resolved; // undefined for a parser: lazyPlugin's stand-in
      });
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({ contents: `module.exports = ${SHARED_PARAM}[${JSON.stringify(args.path)}];`, loader: 'js' }));
    },
  };
}

/** The export names of each LAZY_SOURCES file, as esbuild reads them (types are gone). */
async function exportsOfSources() {
  const r = await esbuild.build({ entryPoints: LAZY_SOURCES, bundle: false, format: 'esm', write: false, metafile: true, outdir: 'lazy-sources', logLevel: 'silent' });
  const byEntry = new Map(Object.values(r.metafile.outputs).filter((o) => o.entryPoint).map((o) => [o.entryPoint, o.exports]));
  return (key) => byEntry.get(key) ?? [];
}

/** Fails the build if a source reached both files: it would run as two module instances. */
function checkSplit(mainMeta, featuresMeta) {
  const inMain = new Set(Object.keys(mainMeta.inputs));
  const both = Object.keys(featuresMeta.inputs).filter((k) => !k.includes(':') && inMain.has(k));
  if (both.length > 0) throw new Error(`esbuild.js: in both dist/extension.js and dist/lazy/${FEATURES_FILE}.js: ${both.join(', ')}`);
  const notLazy = LAZY_SOURCES.filter((k) => inMain.has(k));
  if (notLazy.length > 0) throw new Error(`esbuild.js: LAZY_SOURCES files still in dist/extension.js: ${notLazy.join(', ')}`);
}

async function main() {
  // The lazy libraries first: the stand-ins are generated from their exports.
  const lazyCtx = await esbuild.context({
    ...common,
    entryPoints: Object.fromEntries(LAZY.map(({ pkg, file }) => [file, require.resolve(pkg)])),
    outdir: lazyDir,
  });
  const mainOptions = {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile,
    external: ['vscode'],
    plugins: [vscodeOncePlugin, lazyPlugin(exportsOfBuilt), problemMatcherPlugin],
  };
  if (watch) {
    await lazyCtx.rebuild();
    fs.rmSync(path.join(lazyDir, `${FEATURES_FILE}.js`), { force: true });
    await (await esbuild.context(mainOptions)).watch();
    return;
  }
  const lazy = await lazyCtx.rebuild();
  await lazyCtx.dispose();
  // The whole graph once (nothing written), to split it.
  const whole = await esbuild.build({ ...mainOptions, write: false, minify: false, sourcemap: false, plugins: [vscodeOncePlugin, lazyPlugin(exportsOfBuilt)] });
  const part = partition(whole.metafile);
  const features = await esbuild.build({
    ...common,
    entryPoints: { [FEATURES_FILE]: 'seqera:entry' },
    outdir: lazyDir,
    plugins: [featuresPlugin(part), lazyPlugin(exportsOfBuilt, './')],
    banner: { js: `module.exports = function (${SHARED_PARAM}) { const module = { exports: {} }; const exports = module.exports;` },
    footer: { js: 'return module.exports.entries; };' },
  });
  const result = await esbuild.build({ ...mainOptions, plugins: [vscodeOncePlugin, lazySourcesPlugin(part, await exportsOfSources()), lazyPlugin(exportsOfBuilt), problemMatcherPlugin] });
  checkSplit(result.metafile, features.metafile);
  if (metafileArg) {
    const merged = {
      inputs: result.metafile.inputs,
      outputs: { ...result.metafile.outputs, ...lazy.metafile.outputs, ...features.metafile.outputs },
      lazyInputs: lazy.metafile.inputs,
      featuresInputs: features.metafile.inputs,
    };
    fs.writeFileSync(metafileArg.slice('--metafile='.length), JSON.stringify(merged));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
