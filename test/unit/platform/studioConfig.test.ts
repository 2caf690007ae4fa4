import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import { parseStudioConfig } from '../../../src/platform/studioConfig';

/** `.seqera/studio-config.yaml` as the Platform's "Import from Git repository" docs define it (schemaVersion 0.0.1). */
describe('.seqera/studio-config.yaml (unit)', () => {
  const F = '.seqera/studio-config.yaml';
  const refused = (text: string, message: string) => {
    assert.throws(() => parseStudioConfig(text, F), (e: unknown) => e instanceof SeqeraError && e.kind === 'input' && e.message === message);
  };

  it('#16.4 reads every field of the documented example', () => {
    const c = parseStudioConfig(
      [
        'schemaVersion: "0.0.1"',
        'kind: "studio-config"',
        'session:',
        '  name: "studio-name"',
        '  description: "desc"',
        '  template:',
        '    kind: "registry"',
        '    registry: "cr.seqera.io/image:latest"',
        '  clone:',
        '    enabled: true',
        '    path: "/workspace/repository"',
        '  dependencies:',
        '    condaEnvironmentFile: "environment.yaml"',
        '  computeRequirements:',
        '    awsBatch:',
        '      cpu: 2',
        '      gpu: 0',
        '      memory: 8192',
        '  environmentVariables:',
        '    - name: "var1"',
        '      value: "value1"',
        '    - name: "THREADS"',
        '      value: 8',
        '  management:',
        '    lifespanHours: 1',
        '    isPrivate: false',
        '  ssh:',
        '    enabled: true',
        '',
      ].join('\n'),
      F,
    );
    assert.deepEqual(c, {
      schemaVersion: '0.0.1',
      name: 'studio-name',
      description: 'desc',
      template: { kind: 'registry', registry: 'cr.seqera.io/image:latest', dockerfile: undefined },
      clone: { enabled: true, path: '/workspace/repository' },
      condaEnvironmentFile: 'environment.yaml',
      awsBatch: { cpu: 2, gpu: 0, memory: 8192 },
      environment: [{ name: 'var1', value: 'value1' }, { name: 'THREADS', value: '8' }],
      lifespanHours: 1,
      isPrivate: false,
      sshEnabled: true,
      warnings: [],
    });
  });

  it('#16.4 the minimal file: defaults as documented (clone to /workspace, Dockerfile for a dockerfile template)', () => {
    const c = parseStudioConfig('schemaVersion: "0.0.1"\nkind: "studio-config"\nsession:\n  template:\n    kind: "dockerfile"\n', F);
    assert.deepEqual(c.template, { kind: 'dockerfile', registry: undefined, dockerfile: 'Dockerfile' });
    assert.deepEqual(c.clone, { enabled: true, path: '/workspace' });
    assert.deepEqual(c.environment, []);
    assert.equal(c.name, undefined);
  });

  it('#16.4 refuses with the file, line and column, and says what to write', () => {
    const head = 'schemaVersion: "0.0.1"\nkind: "studio-config"\nsession:\n';
    refused(`${head}  template:\n    kind: docker\n`, `${F}:5:11: session.template.kind must be registry, dockerfile or none, not "docker".`);
    refused(`${head}  name: "my/studio"\n  template:\n    kind: none\n`, `${F}:4:9: session.name "my/studio" is not a valid Studio name: a Studio name has 1 to 80 characters: letters, digits, spaces, ".", "-" and "_", and starts with a letter or digit.`);
    refused(`${head}  template:\n    kind: registry\n`, `${F}:5:5: session.template.registry is missing: the container image of the Studio, e.g. cr.seqera.io/public/data-studio-vscode:1.93.1-0.8.`);
    refused(`${head}  template:\n    kind: none\n  computeRequirements:\n    awsBatch:\n      cpu: two\n`, `${F}:8:12: session.computeRequirements.awsBatch.cpu must be a whole number from 1 to 1024.`);
    refused(`${head}  template:\n    kind: none\n  environmentVariables:\n    - name: 1BAD\n      value: x\n`, `${F}:7:13: "1BAD" is not an environment variable name: letters, digits and "_", not starting with a digit.`);
    refused(`${head}  template:\n    kind: none\n  management:\n    isPrivate: "yes"\n`, `${F}:7:16: session.management.isPrivate must be true or false.`);
    refused(`${head}  template: [\n`, `${F}:5:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ].`);
    refused('kind: "studio-config"\nsession: {}\n', `${F}:1:1: schemaVersion is missing: add schemaVersion: "0.0.1" as the first line.`);
    refused('schemaVersion: "0.0.1"\nkind: studio\n', `${F}:2:7: kind must be "studio-config".`);
    refused(`${head}  description: x\n`, `${F}:4:3: session.template is missing: add template: { kind: registry | dockerfile | none }.`);
    refused('- a\n- b\n', `${F}:1:1: expected a mapping with schemaVersion, kind and session; see the Platform's "Import from Git repository" docs.`);
  });

  it('#16.4 keys the format does not define are warnings with their line, not silently ignored', () => {
    const c = parseStudioConfig('schemaVersion: "0.0.1"\nkind: "studio-config"\nsession:\n  template:\n    kind: none\n  computeRequirement:\n    cpu: 2\n', F);
    assert.deepEqual(c.warnings, [
      `${F}:6:3: session.computeRequirement is ignored: not a key of the format here (name, description, template, clone, dependencies, computeRequirements, environmentVariables, management, ssh).`,
    ]);
  });
});
