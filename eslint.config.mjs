import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TEST_CODE = { group: ['**/test/**', '**/emulator/**'], message: 'src/ must not import test code.' };

/*
 * Imports point down (README, Architecture). Each folder of src/ lists the folders it may import;
 * anything else, including a folder added later, is refused. There is no exception list.
 *   - below: vscode-free clients and helpers, in their own order;
 *   - ui/: shared VS Code pieces, on top of the helpers;
 *   - features: one folder each; another feature only through its door (its index.ts);
 *   - testing/: the test rig that activate returns, reached only from extension.ts;
 *   - src/*.ts: the wiring (extension.ts, commands.ts, views.ts) and services.ts, the shared-services type.
 * Written as no-restricted-imports regexes on the import path, so a subfolder inside a folder would have to
 * be added here (a false alarm, never a silent pass: `(\.\./)+` catches any depth going up).
 */
export const BELOW = ['schedule', 'markdown', 'net', 'platform', 'wave', 'ssh', 'credentials', 'nfcore', 'git'];
export const FEATURES = ['accounts', 'workspaces', 'studios', 'remoteSsh', 'waveBuilds', 'waveInspect', 'moduleContainers'];
export const MAY_IMPORT = {
  schedule: [],
  markdown: [],
  net: ['schedule'],
  platform: ['net', 'schedule'],
  wave: ['net', 'platform', 'schedule', 'markdown'],
  ssh: ['net', 'platform', 'schedule'],
  credentials: ['net', 'platform', 'schedule'],
  nfcore: ['net', 'platform', 'wave', 'schedule'],
  git: [],
  ui: BELOW,
  ...Object.fromEntries(FEATURES.map((f) => [f, [...BELOW, 'ui', ...FEATURES.filter((g) => g !== f), 'services']])),
  testing: [...BELOW, 'ui', ...FEATURES, 'services'],
};
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (names) => names.map(escape).join('|');

function layerRules() {
  const vscodeBan = { name: 'vscode', message: `${BELOW.map((f) => f + '/').join(', ')} must not depend on the vscode API.` };
  const blocks = Object.entries(MAY_IMPORT).map(([folder, may]) => {
    const patterns = [TEST_CODE];
    patterns.push({
      regex: may.length ? `^(\\.\\./)+(?!(${alternatives(may)})(/|$))[^./]` : '^(\\.\\./)+[^./]',
      message: `src/${folder}/ may import only ${may.length ? may.map((f) => `src/${f}`).join(', ') : 'nothing else of src/'} (imports point down; README, Architecture).`,
    });
    const doors = may.filter((f) => FEATURES.includes(f));
    if (doors.length) {
      patterns.push({
        regex: `^(\\.\\./)+(${alternatives(doors)})/`,
        message: 'Use another feature only through its door: import from its folder (its index.ts), not from a file inside it.',
      });
    }
    const rule = BELOW.includes(folder) ? { paths: [vscodeBan], patterns } : { patterns };
    return { files: [`src/${folder}/**/*.ts`], rules: { 'no-restricted-imports': ['error', rule] } };
  });
  blocks.push({
    // The wiring may use every folder, each feature only through its door.
    files: ['src/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [TEST_CODE, {
          regex: `^\\./(${alternatives(FEATURES)})/`,
          message: 'Use a feature only through its door: import from its folder (its index.ts), not from a file inside it.',
        }],
      }],
    },
  });
  return blocks;
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.vscode-test.*/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-throw-literal': 'error',
    },
  },
  ...layerRules(),
  {
    // #17.11: what the user reads goes through l10n.t (README, Localization), with a literal message the bundle can hold.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: "CallExpression[callee.property.name='t'][callee.object.name='l10n'] > .arguments:first-child:not(Literal, ObjectExpression)",
          message: 'l10n.t needs a literal message (placeholders {0}, {1} for values), or `npm run l10n` cannot put it in the bundle.',
        },
        {
          selector: "CallExpression[callee.property.name='t'][callee.object.property.name='l10n'] > .arguments:first-child:not(Literal, ObjectExpression)",
          message: 'vscode.l10n.t needs a literal message (placeholders {0}, {1} for values), or `npm run l10n` cannot put it in the bundle.',
        },
        {
          selector: "CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > .arguments:matches(Literal, TemplateLiteral)",
          message: 'Wrap what the user reads in vscode.l10n.t (messages and button labels).',
        },
        {
          selector: "Property[key.name=/^(prompt|title)$/] > :matches(Literal, TemplateLiteral).value",
          message: 'Wrap what the user reads in vscode.l10n.t (prompts and titles; a placeHolder may show an example value as it is).',
        },
      ],
    },
  },
);
