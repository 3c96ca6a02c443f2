import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Info, parseVersion } from '../../lavalink/index.ts';

/** The protocol version this node reports on `/version` (Lavalink's numbering, our pre-release tag). */
export const AUDIO_NODE_VERSION = '4.0.0-gramophone';

const PACKAGE_ROOT = resolve(import.meta.dirname, '../../..');

interface BuildFacts {
  packageVersion: string;
  buildTime: number;
  git: Info['git'];
}

/**
 * What `/v4/info` says about the build, read once: the package version, the install time (the
 * package.json's mtime stands in for a jar's build time) and, in a git checkout, the branch and
 * commit. Missing facts read as "unknown" rather than failing the node.
 */
function readBuildFacts(root: string): BuildFacts {
  let packageVersion = '0.0.0';
  let buildTime = 0;
  try {
    const path = join(root, 'package.json');
    packageVersion = String(
      (JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown }).version ?? '0.0.0',
    );
    buildTime = Math.round(statSync(path).mtimeMs);
  } catch {
    // Not installed as a package (bundled): keep the defaults.
  }
  return { packageVersion, buildTime, git: readGit(root) };
}

function readGit(root: string): Info['git'] {
  const unknown = { branch: 'unknown', commit: 'unknown', commitTime: 0 };
  try {
    const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return { branch: 'detached', commit: head.slice(0, 7), commitTime: 0 };
    const ref = head.slice(5);
    const refPath = join(root, '.git', ref);
    const commit = readFileSync(refPath, 'utf8').trim();
    return {
      branch: ref.replace(/^refs\/heads\//, ''),
      commit: commit.slice(0, 7),
      commitTime: Math.round(statSync(refPath).mtimeMs),
    };
  } catch {
    return unknown;
  }
}

let cachedFacts: BuildFacts | undefined;

/** Builds the `/v4/info` answer from what the sources and the engine really support. */
export function nodeInfo(sourceManagers: readonly string[], filters: readonly string[]): Info {
  cachedFacts ??= readBuildFacts(PACKAGE_ROOT);
  return {
    version: parseVersion(AUDIO_NODE_VERSION),
    buildTime: cachedFacts.buildTime,
    git: cachedFacts.git,
    jvm: process.versions.node,
    lavaplayer: `gramophone/${cachedFacts.packageVersion}`,
    sourceManagers: [...sourceManagers],
    filters: [...filters],
    plugins: [],
  };
}
