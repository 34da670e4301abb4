/** The build and the initial download: the gzipped JavaScript a first visit loads. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '@flow/e2e/server';
import { log } from './options';

export interface BundleFigures {
  /** Entry script and its modulepreloads: what loads before any lazy route. */
  initialJsGzKB: number;
  initialJsKB: number;
  initialJsFiles: number;
  cssGzKB: number;
  /** Every JavaScript file of the build, lazy chunks included. */
  allJsGzKB: number;
}

export function build(): void {
  log('building the web app');
  const result = spawnSync(
    process.execPath,
    ['scripts/pnpm.mjs', '--filter', '@flow/web', 'build'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`the build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export function bundleFigures(dist: string): BundleFigures {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of tags) {
    if (tag.startsWith('<script') && /type="module"/.test(tag)) {
      const src = attr(tag, 'src');
      if (src) js.add(src);
    } else if (/rel="modulepreload"/.test(tag)) {
      const href = attr(tag, 'href');
      if (href) js.add(href);
    } else if (/rel="stylesheet"/.test(tag)) {
      const href = attr(tag, 'href');
      if (href) css.add(href);
    }
  }
  if (js.size === 0) throw new Error('no entry script in dist/index.html');
  const read = (url: string) => readFileSync(join(dist, url.replace(/^\//, '')));
  let jsRaw = 0;
  let jsGz = 0;
  for (const url of js) {
    const bytes = read(url);
    jsRaw += bytes.length;
    jsGz += gzipSync(bytes).length;
  }
  let cssGz = 0;
  for (const url of css) cssGz += gzipSync(read(url)).length;
  let allJsGz = 0;
  const assets = join(dist, 'assets');
  for (const file of readdirSync(assets))
    if (file.endsWith('.js')) allJsGz += gzipSync(readFileSync(join(assets, file))).length;
  return {
    initialJsGzKB: kb(jsGz),
    initialJsKB: kb(jsRaw),
    initialJsFiles: js.size,
    cssGzKB: kb(cssGz),
    allJsGzKB: kb(allJsGz),
  };
}
