import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { redactText } from '@flow/shared';

/** Object keys whose values never reach a log line (credentials and cookies). */
const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passcode',
  '*.secret',
  '*.token',
  '*.sasl',
];

/**
 * The server's logger: credentials under known keys are removed, and an error's message and
 * stack go through the same URL redaction as configs sent to a browser (a connection error may
 * quote `redis://user:password@host`).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: REDACT_PATHS,
    serializers: {
      err(error: Error) {
        const out = stdSerializers.err(error);
        return {
          ...out,
          message: redactText(out.message),
          ...(out.stack ? { stack: redactText(out.stack) } : {}),
        };
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
