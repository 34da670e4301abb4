/**
 * Credentials in configs and in text: which keys hold them, and how a URL's password and secret
 * query parameters are replaced by `***`. One rule for the server (configs sent to browsers and
 * logs) and the engine (connection errors shown on nodes).
 */

/** Keys (of objects and of URL query parameters) whose values are credentials. */
export const SECRET_KEY = /pass(word|code|wd)?|pwd|secret|token|credential|api_?key|sasl/i;
export const REDACTED = '***';

/** A `scheme://...` token in a text: up to whitespace, a quote, or a bracket that closes it. */
const URL_TOKEN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]+/g;

export interface UrlCredentials {
  /** `scheme://` */
  readonly prefix: string;
  readonly user: string;
  /** The raw (still percent-encoded) password, when the userinfo has one. */
  readonly password: string | undefined;
  /** What follows the `@`: host, port, path, query. */
  readonly rest: string;
}

/**
 * Splits `scheme://user:password@rest` where the userinfo ends at the LAST `@` of the token, so
 * that a password holding `/` or `@` (which a URL parser takes for the path or host) still ends
 * up in the password. Undefined when the token has no userinfo.
 */
export function splitUserinfo(token: string): UrlCredentials | undefined {
  const start = token.indexOf('://');
  if (start === -1) return undefined;
  const at = token.lastIndexOf('@');
  if (at <= start + 3 - 1) return undefined;
  const userinfo = token.slice(start + 3, at);
  const colon = userinfo.indexOf(':');
  return {
    prefix: token.slice(0, start + 3),
    user: colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: colon === -1 ? undefined : userinfo.slice(colon + 1),
    rest: token.slice(at + 1),
  };
}

/** `?password=x&token=y` -> `?password=***&token=***` (the names of SECRET_KEY). */
function redactQuery(token: string): string {
  const q = token.indexOf('?');
  if (q === -1) return token;
  const query = token
    .slice(q + 1)
    .replace(/(^|[&;])([^&;=#]*)=([^&;#]*)/g, (whole, sep: string, key: string, value: string) =>
      SECRET_KEY.test(decodeSafe(key)) && value !== '' ? `${sep}${key}=${REDACTED}` : whole,
    );
  return `${token.slice(0, q + 1)}${query}`;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * One URL with its password and secret query parameters replaced by `***`. Parsed with WHATWG
 * `URL` when the parser sees the whole userinfo; otherwise (a password with `/`, `@` or `#`, or a
 * string that is no URL at all) split at the last `@`, which may redact a little too much but
 * never too little.
 */
export function redactUrl(token: string): string {
  let out = token;
  let parsed: URL | undefined;
  try {
    parsed = new URL(token);
  } catch {
    parsed = undefined;
  }
  const tail = parsed ? `${parsed.pathname}${parsed.search}${parsed.hash}` : '';
  if (parsed && !tail.includes('@')) {
    if (parsed.password !== '') {
      const parts = splitUserinfo(token);
      if (parts) out = `${parts.prefix}${parts.user}:${REDACTED}@${parts.rest}`;
    }
  } else {
    const parts = splitUserinfo(token);
    if (parts && (parts.password !== undefined || parsed === undefined || tail.includes('@')))
      out = `${parts.prefix}${parts.user}${parts.password === undefined && parts.user === '' ? '' : ':'}${REDACTED}@${parts.rest}`;
  }
  return redactQuery(out);
}

/** Every URL in a text (an error message, a log line) with its credentials replaced by `***`. */
export function redactText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_TOKEN, (token) => redactUrl(token));
}

/** The parts of a URL that say where it connects and as whom: scheme, host, port, user. */
export function urlIdentity(url: string): string | undefined {
  const parts = splitUserinfo(url);
  const base = parts ? `${parts.prefix}${parts.rest}` : url;
  try {
    const parsed = new URL(base);
    if (parsed.host === '') return undefined;
    return `${parsed.protocol}//${decodeSafe(parts?.user ?? '')}@${parsed.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}
