import { ConfigError, NotFoundError, targetOf, type DagEngine } from '@flow/engine';
import {
  isOriginalFormat,
  connectionKindOf,
  connectionKinds,
  connectionSettingsSchemas,
  problemAt,
  REDACTED,
  redactText,
  splitUserinfo,
  uriScheme,
  urlIdentity,
  type ConnectionKind,
  type Connections,
  type ConnectionSummary,
  type PathSegments,
  type Problem,
  type SaveConnectionInput,
} from '@flow/shared';
import type { AuditLog } from '../store/audit';
import type { ConnectionStore } from '../store/connections';
import type { DagStore } from '../store/dags';
import type { Role } from '../store/users';

type Settings = Record<string, unknown>;

/** Settings as admins see them: URL passwords and the SASL password as `***`. */
function redactSettings(settings: Settings): Settings {
  const out: Settings = { ...settings };
  if (typeof out.url === 'string') out.url = redactText(out.url);
  const sasl = out.sasl as Settings | undefined;
  if (sasl && typeof sasl === 'object') out.sasl = { ...sasl, password: REDACTED };
  return out;
}

/** Where a connection connects and as whom: its URL's scheme, host, port and user, or its brokers, TLS and SASL user. */
function identity(settings: Settings): string {
  if (typeof settings.url === 'string') return urlIdentity(settings.url) ?? settings.url;
  const sasl = settings.sasl as { mechanism?: string; username?: string } | undefined;
  return JSON.stringify([settings.brokers, settings.ssl ?? false, sasl?.mechanism, sasl?.username]);
}

/**
 * The settings an admin saves, with `***` replaced by the stored credential when the connection
 * still goes to the same place as the same user; otherwise a problem asking for it again.
 */
function restoreCredentials(
  incoming: Settings,
  stored: Settings | undefined,
): { settings: Settings; problems: Problem[] } {
  const settings: Settings = { ...incoming };
  const problems: Problem[] = [];
  const same = stored !== undefined && identity(incoming) === identity(stored);
  const again = (path: PathSegments) =>
    problems.push(
      problemAt(
        path,
        'invalid_value',
        `the credential is "${REDACTED}" but the host, port or user changed (or it is new): enter it again`,
      ),
    );
  if (typeof incoming.url === 'string' && incoming.url.includes(REDACTED)) {
    const storedUrl = typeof stored?.url === 'string' ? stored.url : undefined;
    const password = storedUrl ? splitUserinfo(storedUrl)?.password : undefined;
    const parts = splitUserinfo(incoming.url);
    if (storedUrl && same && redactText(storedUrl) === incoming.url) settings.url = storedUrl;
    else if (same && parts?.password === REDACTED && password !== undefined)
      settings.url = `${parts.prefix}${parts.user}:${password}@${parts.rest}`;
    if (typeof settings.url === 'string' && settings.url.includes(REDACTED))
      again(['settings', 'url']);
  }
  const sasl = incoming.sasl as Settings | undefined;
  if (sasl && sasl.password === REDACTED) {
    const storedSasl = stored?.sasl as Settings | undefined;
    if (same && typeof storedSasl?.password === 'string')
      settings.sasl = { ...sasl, password: storedSasl.password };
    else again(['settings', 'sasl', 'password']);
  }
  return { settings, problems };
}

/** The named connections a stored DAG's components use (`default` when none is named or inline). */
function connectionsUsed(
  config: Record<string, unknown>,
): { kind: ConnectionKind; name: string; component: string }[] {
  const used: { kind: ConnectionKind; name: string; component: string }[] = [];
  for (const section of ['subscribers', 'publishers']) {
    const items = config[section];
    if (!Array.isArray(items)) continue;
    for (const item of items as { name?: unknown; config?: Record<string, unknown> }[]) {
      const c = item.config ?? {};
      const uri = typeof c.source === 'string' ? c.source : c.destination;
      if (typeof uri !== 'string') continue;
      const kind = connectionKindOf(uriScheme(uri));
      if (!kind) continue;
      const name =
        kind === 'sql'
          ? uri.slice('sql://'.length)
          : typeof c.connection === 'string'
            ? c.connection
            : c.url === undefined && c.brokers === undefined
              ? 'default'
              : undefined;
      if (name)
        used.push({ kind, name, component: `${section.slice(0, -1)} "${String(item.name)}"` });
    }
  }
  return used;
}

/** In a cluster: changes refused while not joined (throws the 503), and announced to every instance. */
export interface ConnectionsCluster {
  writable(): void;
  changed(): Promise<void>;
}

/**
 * Named connections: those of the server settings (FLOW_CONNECTIONS, read-only) and those admins
 * manage (stored). The engine gets the merged set after every change; DAGs started afterwards
 * use it, a running DAG keeps what it started with. In a cluster every instance applies them
 * again when one announces a change (the runner of a DAG is rarely where an admin changed them).
 */
export class ConnectionManager {
  /** Set in a cluster. */
  cluster: ConnectionsCluster | undefined;

  constructor(
    private readonly fromSettings: Connections,
    private readonly store: ConnectionStore,
    private readonly dags: DagStore,
    private readonly engine: DagEngine,
    private readonly audit: AuditLog,
  ) {}

  /** Gives the engine the merged connections (at start and after each change). */
  async apply(): Promise<void> {
    const merged: Connections = { kafka: {}, redis: {}, stomp: {}, sql: {} };
    for (const c of await this.store.list()) {
      // Saved through the same schema; one that no longer parses is left out, not fatal.
      const parsed = connectionSettingsSchemas[c.kind].safeParse(c.settings);
      if (parsed.success) (merged[c.kind] as Record<string, unknown>)[c.name] = parsed.data;
    }
    for (const kind of connectionKinds) Object.assign(merged[kind], this.fromSettings[kind]);
    this.engine.setConnections(merged);
  }

  /** Names and kinds for everyone; admins also see the settings, credentials as `***`. */
  async list(role: Role): Promise<ConnectionSummary[]> {
    const out: ConnectionSummary[] = [];
    for (const kind of connectionKinds)
      for (const [name, settings] of Object.entries(this.fromSettings[kind]))
        out.push({
          kind,
          name,
          origin: 'settings',
          ...(role === 'admin' && { settings: redactSettings(settings as Settings) }),
        });
    for (const c of await this.store.list()) {
      if (this.fromSettings[c.kind][c.name] !== undefined) continue;
      out.push({
        kind: c.kind,
        name: c.name,
        origin: 'stored',
        ...(role === 'admin' && {
          settings: redactSettings(c.settings),
          updatedBy: c.updatedBy,
          updatedAt: c.updatedAt,
        }),
      });
    }
    return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }

  /** Creates or changes a stored connection (admins). */
  async save(input: SaveConnectionInput, actor: string): Promise<void> {
    this.cluster?.writable();
    if (this.fromSettings[input.kind][input.name] !== undefined)
      throw new ConfigError([
        problemAt(
          ['name'],
          'duplicate_name',
          `the ${input.kind} connection "${input.name}" comes from the server settings (FLOW_CONNECTIONS) and is read-only`,
        ),
      ]);
    const stored = await this.store.get(input.kind, input.name);
    const { settings, problems } = restoreCredentials(input.settings, stored?.settings);
    problems.push(...(await this.hostProblems(settings)));
    if (problems.length) throw new ConfigError(problems);
    await this.store.save(input.kind, input.name, settings, actor);
    await this.apply();
    await this.audit.record(actor, stored ? 'connection.update' : 'connection.create', null, {
      kind: input.kind,
      name: input.name,
    });
    await this.cluster?.changed();
  }

  /** Deletes a stored connection (admins); refused while a stored DAG uses it. */
  async delete(kind: ConnectionKind, name: string, actor: string): Promise<void> {
    this.cluster?.writable();
    if (this.fromSettings[kind][name] !== undefined)
      throw new ConfigError([
        problemAt(
          ['name'],
          'invalid_value',
          `the ${kind} connection "${name}" comes from the server settings (FLOW_CONNECTIONS) and cannot be deleted here`,
        ),
      ]);
    if (!(await this.store.get(kind, name)))
      throw new NotFoundError(`no ${kind} connection named "${name}"`);
    const users: string[] = [];
    for (const dag of await this.dags.list())
      for (const use of connectionsUsed(this.asRun(dag.config)))
        if (use.kind === kind && use.name === name)
          users.push(`DAG "${dag.name}" (${use.component})`);
    if (users.length)
      throw new ConfigError([
        problemAt(
          ['name'],
          'invalid_value',
          `the ${kind} connection "${name}" is used by ${users.slice(0, 5).join(', ')}${users.length > 5 ? ` and ${users.length - 5} more` : ''}: change those first`,
        ),
      ]);
    await this.store.delete(kind, name);
    await this.apply();
    await this.audit.record(actor, 'connection.delete', null, { kind, name });
    await this.cluster?.changed();
  }

  /**
   * A stored config as it runs: one in the original format converted, so that its broker URIs
   * (`activemq://`, `bootstrap_servers`) count for the connections they pick.
   */
  private asRun(config: Record<string, unknown>): Record<string, unknown> {
    if (!isOriginalFormat(config)) return config;
    try {
      return this.engine.validate(config);
    } catch {
      return config;
    }
  }

  private async hostProblems(settings: Settings): Promise<Problem[]> {
    const hosts = this.engine.hosts;
    if (!hosts.restricted) return [];
    const targets: { path: PathSegments; text: string }[] = [];
    if (typeof settings.url === 'string')
      targets.push({ path: ['settings', 'url'], text: settings.url });
    if (Array.isArray(settings.brokers))
      settings.brokers.forEach((b, i) =>
        targets.push({ path: ['settings', 'brokers', i], text: String(b) }),
      );
    const problems: Problem[] = [];
    for (const { path, text } of targets) {
      const target = targetOf(text);
      const why = target
        ? await hosts.refusal(target.host, target.port)
        : `not a URL or host:port: ${redactText(text)}`;
      if (why) problems.push(problemAt(path, 'host_not_allowed', why));
    }
    return problems;
  }
}
