import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseRemote, readRepoWithGit } from '../../../src/git/repoInfo';

/** Real repositories made with the git command in a temp folder; nothing leaves the machine. */
describe('reading a folder\'s git remote and branch with the git command (unit)', () => {
  let dir: string;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).toString().trim();

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-git-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function repoWithUpstream(): { work: string; bare: string } {
    const bare = path.join(dir, 'remote.git');
    const work = path.join(dir, 'work');
    git(dir, 'init', '--bare', '-q', bare);
    git(dir, 'init', '-q', '-b', 'main', work);
    fs.writeFileSync(path.join(work, 'README.md'), 'hi\n');
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'first');
    git(work, 'remote', 'add', 'origin', 'git@github.com:lab/analysis.git');
    git(work, 'remote', 'add', 'mirror', bare);
    git(work, 'push', '-q', '-u', 'mirror', 'main');
    return { work, bare };
  }

  it('#16.4 reads the tracked remote, the branch, the commit and how many commits are not pushed', async () => {
    const { work, bare } = repoWithUpstream();
    fs.writeFileSync(path.join(work, 'more.txt'), 'x\n');
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'second');
    fs.mkdirSync(path.join(work, 'sub'));
    const info = await readRepoWithGit(path.join(work, 'sub'));
    assert.ok(info);
    assert.equal(info.root, work);
    assert.equal(info.remoteName, 'mirror', 'the remote the branch tracks, not origin');
    assert.equal(info.remoteUrl, bare);
    assert.equal(info.branch, 'main');
    assert.equal(info.upstream, 'mirror/main');
    assert.equal(info.ahead, 1);
    assert.equal(info.commit, git(work, 'rev-parse', 'HEAD'));
  });

  it('#16.4 a branch never pushed uses origin and says it has no upstream; a detached HEAD has no branch', async () => {
    const { work } = repoWithUpstream();
    git(work, 'checkout', '-q', '-b', 'feature');
    const feature = await readRepoWithGit(work);
    assert.equal(feature?.remoteName, 'origin');
    assert.equal(feature?.remoteUrl, 'git@github.com:lab/analysis.git');
    assert.equal(feature?.branch, 'feature');
    assert.equal(feature?.upstream, undefined);
    assert.equal(feature?.ahead, undefined);
    git(work, 'checkout', '-q', '--detach');
    const detached = await readRepoWithGit(work);
    assert.equal(detached?.branch, undefined);
    assert.equal(detached?.commit, git(work, 'rev-parse', 'HEAD'));
  });

  it('#16.4 a folder outside any repository, or a repository without a remote, gives nothing', async () => {
    assert.equal(await readRepoWithGit(dir), undefined);
    git(dir, 'init', '-q', 'lonely');
    assert.equal(await readRepoWithGit(path.join(dir, 'lonely')), undefined);
  });

  it('#16.4 chooses the upstream\'s remote, else origin, else the only one', () => {
    const a = { name: 'a', url: 'u1' };
    const origin = { name: 'origin', url: 'u2' };
    assert.equal(chooseRemote([a, origin], 'a'), a);
    assert.equal(chooseRemote([a, origin], undefined), origin);
    assert.equal(chooseRemote([a], undefined), a);
    assert.equal(chooseRemote([a, { name: 'b', url: 'u3' }], undefined), undefined);
  });
});
