import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { problemAt, type ProblemCode } from '@flow/shared';
import { ConfigError, errorMessage } from '../errors';
import type { ComponentDefinition } from './definitions';
import type { ComponentRegistry } from './registry';

/**
 * A plugin module exports a definition as `default` or `plugin`: either the object itself or a
 * function that receives `{ z }` (so a plugin needs no zod of its own) and returns it.
 * Definitions: `{ kind: 'calculator' | 'transformer' | 'subscriber' | 'publisher', type,
 * description?, configSchema, create | createSubscriber | createPublisher }`.
 */
export type PluginModule = {
  default?: unknown;
  plugin?: unknown;
};

export interface PluginLoadReport {
  readonly loaded: { file: string; kind: string; type: string }[];
  readonly failed: { file: string; error: string }[];
}

const PLUGIN_FILE = /\.(m?js|ts)$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A dotted type of the original system: `pkg.module.MyCalculator`. */
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const MAX_ALIASES = 100;

const factoryKey = {
  calculator: 'create',
  transformer: 'create',
  subscriber: 'createSubscriber',
  publisher: 'createPublisher',
} as const;

/** Loads every plugin module in the folder into the registry; a broken plugin is reported, the others load. */
export async function loadPlugins(
  folder: string,
  registry: ComponentRegistry,
): Promise<PluginLoadReport> {
  const report: PluginLoadReport = { loaded: [], failed: [] };
  const files = (await readdir(folder))
    .filter((f) => PLUGIN_FILE.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    try {
      const module = (await import(pathToFileURL(join(folder, file)).href)) as PluginModule;
      const definition = toDefinition(exportOf(module));
      registry.register(definition);
      report.loaded.push({ file, kind: definition.kind, type: definition.type });
    } catch (error) {
      report.failed.push({ file, error: errorMessage(error) });
    }
  }
  return report;
}

/**
 * What the module exports: `plugin` or `default`. A TypeScript module compiled to CommonJS
 * (as tsx does in a worker thread) has its own exports under `default.default` or
 * `default.plugin`.
 */
function exportOf(module: PluginModule): unknown {
  const exported = module.plugin ?? module.default;
  const inner = exported as PluginModule | undefined;
  if (typeof exported === 'object' && exported !== null && !('kind' in exported))
    return inner?.plugin ?? inner?.default ?? exported;
  return exported;
}

/** A plugin's definition refused: the operator's bad input, at the field named by `segments`. */
function refused(segments: readonly string[], code: ProblemCode, message: string): ConfigError {
  return new ConfigError([problemAt(segments, code, message)], message);
}

function toDefinition(exported: unknown): ComponentDefinition {
  const value =
    typeof exported === 'function'
      ? (exported as (api: { z: typeof z }) => unknown)({ z })
      : exported;
  if (typeof value !== 'object' || value === null)
    throw refused([], 'invalid_type', 'exports no plugin definition (default or `plugin`)');
  const d = value as Record<string, unknown>;
  const kind = d.kind as keyof typeof factoryKey;
  if (!(kind in factoryKey))
    throw refused(
      ['kind'],
      'invalid_value',
      `kind must be one of ${Object.keys(factoryKey).join(', ')}, got ${String(d.kind)}`,
    );
  if (typeof d.type !== 'string' || !NAME.test(d.type))
    throw refused(
      ['type'],
      'invalid_name',
      'type must be a name of letters, digits and underscores',
    );
  if (typeof (d.configSchema as { safeParse?: unknown } | undefined)?.safeParse !== 'function')
    throw refused(['configSchema'], 'invalid_type', `${d.type}: configSchema must be a zod schema`);
  if (typeof d[factoryKey[kind]] !== 'function')
    throw refused(
      [factoryKey[kind]],
      'invalid_type',
      `${d.type}: ${factoryKey[kind]} must be a function`,
    );
  checkAliases(d.aliases, kind, d.type);
  return { description: '', ...d } as unknown as ComponentDefinition;
}

/**
 * `aliases`: dotted types of the original system (`pkg.module.MyCalculator`) a calculator or
 * transformer plugin answers to in that system's files.
 */
function checkAliases(aliases: unknown, kind: keyof typeof factoryKey, type: string): void {
  if (aliases === undefined) return;
  if (kind !== 'calculator' && kind !== 'transformer')
    throw refused(
      ['aliases'],
      'invalid_value',
      `${type}: only calculators and transformers have aliases`,
    );
  if (!Array.isArray(aliases) || aliases.length > MAX_ALIASES)
    throw refused(
      ['aliases'],
      'invalid_type',
      `${type}: aliases must be a list of at most ${MAX_ALIASES} dotted type names`,
    );
  aliases.forEach((alias: unknown, i) => {
    if (typeof alias !== 'string' || alias.length > 200 || !DOTTED.test(alias))
      throw refused(
        ['aliases', String(i)],
        'invalid_name',
        `${type}: alias ${JSON.stringify(alias)} is not a dotted type name such as pkg.module.MyCalculator`,
      );
  });
}
