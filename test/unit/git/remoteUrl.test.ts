import * as assert from 'node:assert/strict';
import { httpsRemote, shownRemote } from '../../../src/git/remoteUrl';

describe('git remotes as the https URL the Platform clones (unit)', () => {
  const ok = (remote: string, url: string) => assert.deepEqual(httpsRemote(remote), { ok: true, url }, remote);
  const refused = (remote: string, reason: RegExp) => {
    const r = httpsRemote(remote);
    assert.equal(r.ok, false, remote);
    if (!r.ok) assert.match(r.reason, reason);
  };

  it('#16.4 turns SSH remotes into their https form', () => {
    ok('git@github.com:nf-core/rnaseq.git', 'https://github.com/nf-core/rnaseq');
    ok('git@github.com:nf-core/rnaseq', 'https://github.com/nf-core/rnaseq');
    ok('ssh://git@github.com/nf-core/rnaseq.git', 'https://github.com/nf-core/rnaseq');
    ok('ssh://git@gitlab.example.org:2222/group/sub/repo.git', 'https://gitlab.example.org/group/sub/repo');
    ok('git+ssh://git@bitbucket.org/team/repo.git', 'https://bitbucket.org/team/repo');
    ok('git://example.org/repo.git', 'https://example.org/repo');
    ok('gitea@git.example.com:lab/analysis.git/', 'https://git.example.com/lab/analysis');
    ok('git@ssh.dev.azure.com:v3/contoso/Genomics/rnaseq-tools', 'https://dev.azure.com/contoso/Genomics/_git/rnaseq-tools');
  });

  it('#16.4 keeps https and http remotes, drops credentials written into the URL', () => {
    ok('https://github.com/nf-core/rnaseq.git', 'https://github.com/nf-core/rnaseq');
    ok('https://x-access-token:ghp_secret@github.com/org/repo.git', 'https://github.com/org/repo');
    ok('https://jsmith@gitlab.example.org:8443/group/repo', 'https://gitlab.example.org:8443/group/repo');
    ok('http://git.internal/lab/repo.git', 'http://git.internal/lab/repo');
    assert.doesNotMatch(JSON.stringify(httpsRemote('https://user:hunter2@host/r.git')), /hunter2|user/);
  });

  it('#16.4 refuses remotes the Platform cannot clone, saying why', () => {
    refused('/srv/git/repo.git', /folder on this machine/);
    refused('file:///srv/git/repo.git', /folder on this machine/);
    refused('../other', /folder on this machine/);
    refused('C:\\repos\\x', /folder on this machine/);
    refused('', /no URL/);
    refused('ftp://host/repo', /ftp:\/\//);
    refused('https://github.com/', /names no repository/);
  });

  it('a refused remote is named without the credentials written into it (review: no token in a message or the log)', () => {
    // Each of these is refused, and each carries a secret before the @ of its authority.
    const cases: [string, RegExp][] = [
      ['https://x-access-token:ghp_Secret123@github.com/', /^https:\/\/github\.com\/ names no repository$/],
      ['ftp://jsmith:hunter2pass@files.example.org/repo', /^ftp:\/\/files\.example\.org\/repo uses ftp:\/\//],
      ['https://oauth2:glpat-Secret456@gitlab.example.org:99999/group/repo.git', /^https:\/\/gitlab\.example\.org:99999\/group\/repo\.git is not a URL git can clone$/],
      ['file://me:pw-Secret789@localhost/srv/repo.git', /^file:\/\/localhost\/srv\/repo\.git is a folder on this machine/],
    ];
    for (const [remote, reason] of cases) {
      const r = httpsRemote(remote);
      assert.equal(r.ok, false, remote);
      if (!r.ok) {
        assert.doesNotMatch(r.reason, /Secret|hunter2|jsmith|oauth2|x-access-token|pw-/, r.reason);
        assert.match(r.reason, reason);
      }
    }
    // What the Create Studio pick shows for a remote it cannot use.
    assert.equal(shownRemote(' https://user:tok@host.example/a/b '), 'https://host.example/a/b');
    // An SSH remote's user is no secret, and a URL without credentials is unchanged.
    assert.equal(shownRemote('git@github.com:lab/analysis.git'), 'git@github.com:lab/analysis.git');
    assert.equal(shownRemote('https://github.com/lab/analysis'), 'https://github.com/lab/analysis');
  });
});
