import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DagEngine } from '@flow/engine';
import { validateDagJson } from '@flow/shared';
import { originalFormatAudit, readIncoming, warningLines } from './original-config';
import type { AuditLog } from './store/audit';
import type { DagStore } from './store/dags';

interface Importer {
  readonly engine: DagEngine;
  readonly dags: DagStore;
  readonly audit: AuditLog;
  readonly logger: Logger;
}

/**
 * Imports the DAG files of a folder that are not stored yet; they are deployed and start running.
 * A file in the original system's format is stored converted into ours; its warnings are logged
 * with the file's name.
 */
export async function importFolder(folder: string, app: Importer): Promise<string[]> {
  const imported: string[] = [];
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  const catalog = app.engine.catalog();
  for (const file of files) {
    const text = await readFile(join(folder, file), 'utf8');
    const result = validateDagJson(text, catalog);
    // A file in the original format: what it has without effect here, logged with its name.
    const warnings = result.originalFormat
      ? { originalFormat: true, warnings: warningLines(result.warnings ?? []) }
      : {};
    // The file roots too: a DAG file reading outside them is not imported. The catalog names the
    // named connections, so an original broker URI without its connection is refused above.
    const problems = result.ok ? app.engine.problems(result.dag) : result.problems;
    if (!result.ok || problems.length > 0) {
      app.logger.error({ file, problems, ...warnings }, 'DAG file not imported');
      continue;
    }
    if (await app.dags.exists(result.dag.name)) continue;
    if (result.originalFormat)
      app.logger.warn(
        { file, ...warnings },
        'DAG file in the original format: converted into ours',
      );
    const read = readIncoming(JSON.parse(text), catalog);
    const config = read.config as Record<string, unknown> & { name: string };
    const version = await app.dags.save(config, 'import', `imported from ${file}`);
    const from = await app.dags.setDeployed(config.name, version, 'running');
    await app.audit.record('system', 'dag.import', config.name, {
      file,
      ...originalFormatAudit(read.original),
    });
    await app.audit.record('system', 'dag.deploy', config.name, { from, to: version });
    app.logger.info({ dag: config.name, file }, 'DAG imported');
    imported.push(config.name);
  }
  return imported;
}
