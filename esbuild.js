// Bundles the extension into one CommonJS file. Type checking is `npm run typecheck`.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outfileArg = process.argv.find((a) => a.startsWith('--outfile='));
const outfile = outfileArg ? outfileArg.slice('--outfile='.length) : 'dist/extension.js';
/** Where to write esbuild's metafile (which inputs the bundle holds), for the packaging test. */
const metafileArg = process.argv.find((a) => a.startsWith('--metafile='));

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

async function main() {
  const ctx = await esbuild.context({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    plugins: [problemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    const result = await ctx.rebuild();
    await ctx.dispose();
    if (metafileArg) require('node:fs').writeFileSync(metafileArg.slice('--metafile='.length), JSON.stringify(result.metafile));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
