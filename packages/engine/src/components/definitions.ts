import type { ComponentExample } from '@flow/shared';
import type { z } from 'zod';
import type { Message } from '../message';
import type { PublisherAdapter, SubscriberAdapter } from '../pubsub/types';

/** What a calculator may tell the engine while computing, besides its result. */
export interface ComputeContext {
  /** Records a warning on the node (with the input that caused it); the result still flows. */
  warn(message: string): void;
}

export interface Calculator {
  compute(input: Message, context: ComputeContext): Message;
}

export interface Transformer {
  transform(input: Message): Message;
}

export interface CalculatorDefinition<S extends z.ZodType = z.ZodType> {
  readonly kind: 'calculator';
  readonly type: string;
  readonly description: string;
  readonly configSchema: S;
  /**
   * Dotted types of the original system (`pkg.module.MyCalculator`) that name this one in its
   * files: such a file runs with this plugin in place of the Python class.
   */
  readonly aliases?: readonly string[];
  /** A config, an input and the output it gives, for the component's help (built-ins have one). */
  readonly example?: ComponentExample;
  create(config: z.output<S>): Calculator;
}

export interface TransformerDefinition<S extends z.ZodType = z.ZodType> {
  readonly kind: 'transformer';
  readonly type: string;
  readonly description: string;
  readonly configSchema: S;
  /**
   * Dotted types of the original system (`pkg.module.MyCalculator`) that name this one in its
   * files: such a file runs with this plugin in place of the Python class.
   */
  readonly aliases?: readonly string[];
  /** A config, an input and the output it gives, for the component's help (built-ins have one). */
  readonly example?: ComponentExample;
  create(config: z.output<S>): Transformer;
}

/** A plugin subscriber, used as `custom://TYPE`; its schema describes the config's `options`. */
export interface CustomSubscriberDefinition<
  S extends z.ZodType = z.ZodType,
> extends SubscriberAdapter<S> {
  readonly kind: 'subscriber';
  readonly type: string;
  readonly description: string;
}

/** A plugin publisher, used as `custom://TYPE`; its schema describes the config's `options`. */
export interface CustomPublisherDefinition<
  S extends z.ZodType = z.ZodType,
> extends PublisherAdapter<S> {
  readonly kind: 'publisher';
  readonly type: string;
  readonly description: string;
}

export type ComponentDefinition =
  | CalculatorDefinition
  | TransformerDefinition
  | CustomSubscriberDefinition
  | CustomPublisherDefinition;

export function defineCalculator<S extends z.ZodType>(
  definition: Omit<CalculatorDefinition<S>, 'kind'>,
): CalculatorDefinition<S> {
  return { kind: 'calculator', ...definition };
}

export function defineTransformer<S extends z.ZodType>(
  definition: Omit<TransformerDefinition<S>, 'kind'>,
): TransformerDefinition<S> {
  return { kind: 'transformer', ...definition };
}
