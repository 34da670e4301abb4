import { ConfigError, isMessage, type Message } from '@flow/engine';
import { jsonLimitProblems, problemAt } from '@flow/shared';

/**
 * A test message as sent: a JSON object within the limits every input shares (nesting, NUL
 * characters, `__proto__` keys), else a ConfigError naming the place (a 400 with its problems).
 * Checked on the value as received: a parsed record would have lost its `__proto__` keys. Both
 * the API (`publish.send`) and the internal call forwarding it to the DAG's runner check it.
 */
export function testMessage(value: unknown): Message {
  const problems = jsonLimitProblems(value, ['message']);
  if (!isMessage(value))
    problems.unshift(
      problemAt(['message'], 'invalid_type', 'a test message must be a JSON object'),
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return value as Message;
}
