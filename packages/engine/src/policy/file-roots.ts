import { constants, realpathSync, statSync } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { problemAt, type PathSegments, type Problem } from '@flow/shared';

/** A folder `file:` URIs may point into, and the name it is shown by (never its absolute path). */
export interface FileRootSpec {
  readonly path: string;
  readonly name: string;
}

/** A bare string is a root shown by that string (the CLI: a local user's own folders). */
export type FileRootInput = string | FileRootSpec;

/** A `file:` URI that points outside the roots, or at something that is not a regular file. */
export class FileRootError extends Error {
  override readonly name = 'FileRootError';
}

/** Never readable or writable, whatever the roots: kernel and device views of the machine. */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

const inside = (path: string, folder: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

const realOrResolved = (path: string): string => {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
};

/** What is known of a path by following it to its nearest existing folder. */
interface Located {
  /** The path with every existing part's symlinks resolved. */
  readonly real: string;
  readonly exists: boolean;
}

function locate(path: string): Located {
  let existing = path;
  for (;;) {
    try {
      const real = realpathSync.native(existing);
      return { real: join(real, relative(existing, path)), exists: existing === path };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = dirname(existing);
      if (parent === existing) return { real: path, exists: false };
      existing = parent;
    }
  }
}

/**
 * The folders `file:` sources, publishers and dead letters may use. A path is allowed when it
 * is inside a root both as written and with its symlinks followed, is no system file, and, when
 * it exists, is a regular file. Checked at validation and again on every open (which also
 * refuses a final symlink and looks at what was actually opened), so that a symlink planted
 * later or a race is caught before anything is read or written.
 */
export class FileRoots {
  readonly roots: readonly FileRootSpec[];

  constructor(inputs: readonly FileRootInput[]) {
    this.roots = inputs.map((input) =>
      typeof input === 'string'
        ? { path: resolve(input), name: input }
        : { path: resolve(input.path), name: input.name },
    );
    if (this.roots.length === 0) throw new FileRootError('at least one file root is needed');
  }

  /** The roots as their names, for messages: `DAG_CONFIG_FOLDER, DATA_DIR/files`. */
  get names(): string {
    return this.roots.map((r) => r.name).join(', ');
  }

  /** Where a `file:` URI points: relative ones against the DAG's folder when in a root, else the first root. */
  pathOf(uri: string, baseDir: string): string {
    if (uri.startsWith('file:///')) return resolve(uri.slice('file://'.length));
    const base = this.rootOf(resolve(baseDir)) ? baseDir : (this.roots[0] as FileRootSpec).path;
    return resolve(base, uri.slice('file:'.length));
  }

  /** Why the path may not be used, or undefined when it may. Synchronous: used by validation. */
  refusal(path: string): string | undefined {
    if (!this.rootOf(path)) return 'is outside the file roots';
    let located: Located;
    try {
      located = locate(path);
    } catch (error) {
      return `cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    if (SYSTEM_FOLDERS.some((folder) => inside(located.real, folder))) return 'is a system file';
    if (!this.realRootOf(located.real)) return 'leads out of the file roots (through a symlink)';
    if (located.exists) {
      try {
        if (!statSync(located.real).isFile()) return 'is not a regular file';
      } catch {
        return 'cannot be checked';
      }
    }
    return undefined;
  }

  /** The path as shown to users: relative to its root, never the absolute server path. */
  display(path: string): string {
    const root = this.rootOf(path);
    if (root) return relative(root.path, path) || '.';
    const real = this.realRootOf(path);
    return real ? relative(realOrResolved(real.path), path) || '.' : '(outside the file roots)';
  }

  /** Opens a file inside the roots; a symlink, a special file or a way out is refused unread. */
  async open(path: string, flags: number, mode?: number): Promise<FileHandle> {
    const refusal = this.refusal(path);
    if (refusal) throw new FileRootError(`${this.display(path)} ${refusal}`);
    const real = locate(path).real;
    const handle = await open(
      real,
      flags | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0),
      mode,
    ).catch((error: unknown) => {
      throw this.scrubbed(error, path);
    });
    try {
      if (!(await handle.stat()).isFile())
        throw new FileRootError(`${this.display(path)} is not a regular file`);
      const opened = await openedPath(handle);
      if (opened !== undefined && !this.realRootOf(opened))
        throw new FileRootError(`${this.display(path)} leads out of the file roots`);
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * The error of a file operation without the absolute server path Node puts in its message
   * (`EACCES: permission denied, open '/srv/...'`): the path relative to its root instead. The
   * error code stays, so that callers can still tell a missing file.
   */
  scrubbed(error: unknown, path: string): Error {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === undefined) return error instanceof Error ? error : new Error(String(error));
    const clean: NodeJS.ErrnoException = new FileRootError(`${this.display(path)}: ${code}`);
    clean.code = code;
    return clean;
  }

  /** The folder a new file may be created in: the parent's existing part must be inside a root. */
  creatableFolder(path: string): string {
    const refusal = this.refusal(path);
    if (refusal) throw new FileRootError(`${this.display(path)} ${refusal}`);
    return dirname(locate(path).real);
  }

  private rootOf(path: string): FileRootSpec | undefined {
    return this.roots.find((root) => inside(path, root.path));
  }

  private realRootOf(path: string): FileRootSpec | undefined {
    return this.roots.find((root) => inside(path, realOrResolved(root.path)));
  }
}

/** How the file adapters reach files: inside roots (the server), or anywhere (the CLI unbound). */
export type FileAccess = Pick<
  FileRoots,
  'pathOf' | 'display' | 'open' | 'creatableFolder' | 'scrubbed'
>;

/** The CLI without `--file-roots`: a local user's tool reaches what the user can. */
export function unboundFiles(baseDir: string): FileAccess {
  return {
    pathOf: (uri) =>
      uri.startsWith('file:///')
        ? uri.slice('file://'.length)
        : resolve(baseDir, uri.slice('file:'.length)),
    display: (path) => (inside(path, resolve(baseDir)) ? relative(resolve(baseDir), path) : path),
    open: (path, flags, mode) => open(path, flags, mode),
    creatableFolder: (path) => dirname(path),
    scrubbed: (error) => (error instanceof Error ? error : new Error(String(error))),
  };
}

/** What an open file handle really is (Linux), so that a race between check and open is seen. */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return undefined;
  }
}

/** The `file:` URIs of a DAG config, with their places: sources, destinations, dead letters. */
export function fileUrisOf(config: unknown): { path: PathSegments; uri: string }[] {
  const found: { path: PathSegments; uri: string }[] = [];
  if (typeof config !== 'object' || config === null) return found;
  const lists = [
    ['subscribers', ['source', 'dead_letter']],
    ['publishers', ['destination']],
  ] as const;
  for (const [list, fields] of lists) {
    const items = (config as Record<string, unknown>)[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const cfg =
        typeof item === 'object' && item !== null
          ? (item as Record<string, unknown>).config
          : undefined;
      if (typeof cfg !== 'object' || cfg === null) return;
      for (const field of fields) {
        const uri = (cfg as Record<string, unknown>)[field];
        if (typeof uri === 'string' && uri.startsWith('file:'))
          found.push({ path: [list, i, 'config', field], uri });
      }
    });
  }
  return found;
}

/** A `path_not_allowed` problem for every `file:` URI of the config that the roots refuse. */
export function fileRootProblems(config: unknown, baseDir: string, roots: FileRoots): Problem[] {
  const problems: Problem[] = [];
  for (const { path, uri } of fileUrisOf(config)) {
    if (uri.includes('\0')) continue; // the schema reports it
    const refusal = roots.refusal(roots.pathOf(uri, baseDir));
    if (refusal)
      problems.push(problemAt(path, 'path_not_allowed', `${uri} ${refusal} (${roots.names})`));
  }
  return problems;
}
