import type { z } from 'zod';
import {
  builtinOf,
  problemAt,
  publisherConfigSchemas,
  subscriberConfigSchemas,
  uriScheme,
  validateDag,
  type ComponentCatalog,
  type PublisherScheme,
  type SubscriberScheme,
  type ValidationResult,
} from '@flow/shared';
import { calculators } from '../calculators';
import { transformers } from '../transformers';
import { faninSubscriberAdapter } from '../pubsub/fanin';
import { fileSubscriberAdapter, filePublisherAdapter } from '../pubsub/file';
import { memPublisherAdapter, memSubscriberAdapter } from '../pubsub/mem';
import { kafkaPublisherAdapter, kafkaSubscriberAdapter } from '../pubsub/kafka';
import { metronomeSubscriberAdapter } from '../pubsub/metronome';
import {
  redisChannelPublisherAdapter,
  redisChannelSubscriberAdapter,
} from '../pubsub/redis-channel';
import { redisListPublisherAdapter, redisListSubscriberAdapter } from '../pubsub/redis-list';
import { sqlPublisherAdapter, sqlSubscriberAdapter } from '../pubsub/sql';
import { stompPublisherAdapter, stompSubscriberAdapter } from '../pubsub/stomp';
import type {
  AdapterContext,
  Publisher,
  PublisherAdapter,
  Subscriber,
  SubscriberAdapter,
} from '../pubsub/types';
import { ConfigError, InvariantError } from '../errors';
import type {
  CalculatorDefinition,
  ComponentDefinition,
  CustomPublisherDefinition,
  CustomSubscriberDefinition,
  TransformerDefinition,
} from './definitions';

export const subscriberAdapters = {
  mem: memSubscriberAdapter,
  file: fileSubscriberAdapter,
  metronome: metronomeSubscriberAdapter,
  redis: redisListSubscriberAdapter,
  redischannel: redisChannelSubscriberAdapter,
  sql: sqlSubscriberAdapter,
  stomp: stompSubscriberAdapter,
  kafka: kafkaSubscriberAdapter,
  fanin: faninSubscriberAdapter,
} satisfies Record<Exclude<SubscriberScheme, 'custom'>, SubscriberAdapter>;

export const publisherAdapters = {
  mem: memPublisherAdapter,
  file: filePublisherAdapter,
  redis: redisListPublisherAdapter,
  redischannel: redisChannelPublisherAdapter,
  sql: sqlPublisherAdapter,
  stomp: stompPublisherAdapter,
  kafka: kafkaPublisherAdapter,
} satisfies Record<Exclude<PublisherScheme, 'custom'>, PublisherAdapter>;

/** Every component type the engine can build: the built-ins plus registered plugins. */
export class ComponentRegistry {
  readonly calculators = new Map<string, CalculatorDefinition>(Object.entries(calculators));
  readonly transformers = new Map<string, TransformerDefinition>(Object.entries(transformers));
  readonly subscriberAdapters = new Map<string, SubscriberAdapter>(
    Object.entries(subscriberAdapters),
  );
  readonly publisherAdapters = new Map<string, PublisherAdapter>(Object.entries(publisherAdapters));
  readonly customSubscribers = new Map<string, CustomSubscriberDefinition>();
  readonly customPublishers = new Map<string, CustomPublisherDefinition>();
  /** `kind:type` of every component added by register(): the plugins. */
  readonly plugins = new Set<string>();
  /** Plugin calculators and transformers by the dotted types of the original they declare. */
  readonly aliases = {
    calculators: new Map<string, string>(),
    transformers: new Map<string, string>(),
  };
  private cachedCatalog: ComponentCatalog | undefined;

  /** Adds a plugin; its type must not clash with a built-in or another plugin of the same kind. */
  register(definition: ComponentDefinition): void {
    const target = {
      calculator: this.calculators,
      transformer: this.transformers,
      subscriber: this.customSubscribers,
      publisher: this.customPublishers,
    }[definition.kind] as Map<string, ComponentDefinition>;
    if (target.has(definition.type)) {
      const message = `a ${definition.kind} named "${definition.type}" is already registered`;
      throw new ConfigError([problemAt(['type'], 'duplicate_name', message)], message);
    }
    const aliases =
      definition.kind === 'calculator' || definition.kind === 'transformer'
        ? {
            table: this.aliases[`${definition.kind}s`],
            names: definition.aliases ?? [],
            section: `${definition.kind}s` as const,
          }
        : undefined;
    aliases?.names.forEach((alias, i) => {
      const owner =
        aliases.table.get(alias) ??
        (target.has(alias) ? alias : undefined) ??
        builtinOf(aliases.section, alias);
      if (owner === undefined && aliases.names.indexOf(alias) === i) return;
      const message = `alias "${alias}" already names the ${definition.kind} "${owner ?? definition.type}"`;
      throw new ConfigError([problemAt(['aliases', i], 'duplicate_name', message)], message);
    });
    for (const alias of aliases?.names ?? []) aliases?.table.set(alias, definition.type);
    target.set(definition.type, definition);
    this.plugins.add(`${definition.kind}:${definition.type}`);
    this.cachedCatalog = undefined;
  }

  /** The schemas the shared validator checks configs against. */
  catalog(): ComponentCatalog {
    const schemas = <T extends { configSchema: z.ZodType }>(m: Map<string, T>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, v.configSchema]));
    this.cachedCatalog ??= {
      calculators: schemas(this.calculators),
      transformers: schemas(this.transformers),
      subscribers: { ...schemas(this.subscriberAdapters), custom: subscriberConfigSchemas.custom },
      publishers: { ...schemas(this.publisherAdapters), custom: publisherConfigSchemas.custom },
      customSubscribers: schemas(this.customSubscribers),
      customPublishers: schemas(this.customPublishers),
      aliases: {
        calculators: Object.fromEntries(this.aliases.calculators),
        transformers: Object.fromEntries(this.aliases.transformers),
      },
    };
    return this.cachedCatalog;
  }

  /** Creates the subscriber for a validated subscriber config. */
  createSubscriber(config: Readonly<Record<string, unknown>>, context: AdapterContext): Subscriber {
    const uri = String(config.source);
    const scheme = uriScheme(uri);
    if (scheme === 'custom') {
      const plugin = this.customSubscribers.get(uri.slice('custom://'.length));
      if (!plugin) throw new InvariantError(`no plugin subscriber for ${uri}`);
      return plugin.createSubscriber(config.options ?? {}, context);
    }
    const adapter = this.subscriberAdapters.get(scheme);
    if (!adapter) throw new InvariantError(`no subscriber adapter for ${uri}`);
    return adapter.createSubscriber(config, context);
  }

  /** Creates the publisher for a validated publisher config. */
  createPublisher(config: Readonly<Record<string, unknown>>, context: AdapterContext): Publisher {
    const uri = String(config.destination);
    const scheme = uriScheme(uri);
    if (scheme === 'custom') {
      const plugin = this.customPublishers.get(uri.slice('custom://'.length));
      if (!plugin) throw new InvariantError(`no plugin publisher for ${uri}`);
      return plugin.createPublisher(config.options ?? {}, context);
    }
    const adapter = this.publisherAdapters.get(scheme);
    if (!adapter) throw new InvariantError(`no publisher adapter for ${uri}`);
    return adapter.createPublisher(config, context);
  }

  validate(value: unknown): ValidationResult {
    return validateDag(value, this.catalog());
  }
}
