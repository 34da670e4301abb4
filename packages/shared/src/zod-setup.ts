import { z } from 'zod';

/**
 * In a browser, zod runs without compiling parsers (`jitless`): the server's CSP allows no eval,
 * and zod would otherwise probe for it (`Function('')`), a CSP violation each time. This module
 * is the first the package evaluates, so the setting holds before any schema here is built or
 * used, whichever chunk a bundler puts the schemas in (a setting made by the app's entry module
 * ran after the chunks it imports). On the server zod keeps its compiled parsers.
 */
if ('document' in globalThis) z.config({ jitless: true });
