import { execFileSync } from 'node:child_process';

/** The commit a build comes from: BUILD_SHA if given, else git (with -dirty for local edits). */
export function buildSha() {
  if (process.env.BUILD_SHA) return process.env.BUILD_SHA;
  try {
    const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') ? '-dirty' : '';
    return git('rev-parse', 'HEAD') + dirty;
  } catch {
    throw new Error('Cannot tell the build commit: set BUILD_SHA or build from a git checkout.');
  }
}
