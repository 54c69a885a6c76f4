import semver from 'semver';

/**
 * Null when `current` satisfies the project's `engines.node` range, else the one line to print.
 * Plain JavaScript: it runs on whatever Node a person started us with, however old.
 */
export function unsupportedNodeMessage(current, wanted) {
  if (semver.satisfies(current, wanted)) return null;
  return (
    `Fusion Ops needs Node ${wanted} (this is ${current}). \`npm ci\` installs it where the ` +
    `registry has a build for this platform; elsewhere install it yourself (see .nvmrc).`
  );
}
