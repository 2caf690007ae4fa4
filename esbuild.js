// Bundles the extension into dist/extension.js (CommonJS), plus one file per parser library in dist/lazy/,
// loaded on first use. Type checking is `npm run typecheck`.
const fs = require('node:fs');
const path = require('node:path');
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

/** In the main bundle, each LAZY package is a stand-in that loads dist/lazy/<file>.js on first use. */
function lazyPlugin(exportsOf) {
  return {
    name: 'lazy-libraries',
    setup(build) {
      for (const { pkg, file } of LAZY) {
        const filter = new RegExp(`^${pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        build.onResolve({ filter }, (args) => (args.namespace === 'lazy' ? undefined : { path: file, namespace: 'lazy' }));
      }
      build.onResolve({ filter: /^\.\/lazy\// }, (args) => (args.namespace === 'lazy' ? { path: args.path, external: true } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
        const { names, esModule } = exportsOf(args.path);
        const props = names.map((n) => `  ${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] },`);
        if (esModule) props.push('  __esModule: { value: true },');
        const contents = [
          'let loaded;',
          `const load = () => (loaded ??= require(${JSON.stringify(`./lazy/${args.path}.js`)}));`,
          `module.exports = Object.defineProperties({}, {\n${props.join('\n')}\n});`,
        ].join('\n');
        return { contents, loader: 'js' };
      });
    },
  };
}

/** The export names of a built lazy file, read from the file itself so the stand-in matches it exactly. */
function exportsOfBuilt(file) {
  const abs = path.resolve(lazyDir, `${file}.js`);
  delete require.cache[abs];
  const mod = require(abs);
  return { names: Object.keys(mod).filter((k) => k !== '__esModule' && k !== 'default').concat('default' in mod ? ['default'] : []), esModule: mod.__esModule === true };
}

async function main() {
  // The lazy files first: the main bundle's stand-ins are generated from their exports.
  const lazyCtx = await esbuild.context({
    ...common,
    entryPoints: Object.fromEntries(LAZY.map(({ pkg, file }) => [file, require.resolve(pkg)])),
    outdir: lazyDir,
  });
  const mainCtx = await esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile,
    external: ['vscode'],
    plugins: [vscodeOncePlugin, lazyPlugin(exportsOfBuilt), problemMatcherPlugin],
  });
  if (watch) {
    await lazyCtx.rebuild();
    await mainCtx.watch();
    return;
  }
  const lazy = await lazyCtx.rebuild();
  await lazyCtx.dispose();
  const result = await mainCtx.rebuild();
  await mainCtx.dispose();
  if (metafileArg) {
    const merged = {
      inputs: result.metafile.inputs,
      outputs: { ...result.metafile.outputs, ...lazy.metafile.outputs },
      lazyInputs: lazy.metafile.inputs,
    };
    fs.writeFileSync(metafileArg.slice('--metafile='.length), JSON.stringify(merged));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
