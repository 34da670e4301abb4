import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../../../../scripts/services.sh', import.meta.url));

/**
 * Stops a service of scripts/services.sh and starts it again (its data kept), as an operator
 * would. Asynchronous, so that the DAG under test keeps running and meets the outage.
 */
export async function restartService(
  name: 'redis' | 'postgres' | 'kafka' | 'rabbitmq',
): Promise<void> {
  const { stderr } = await promisify(execFile)('bash', [script, 'restart', name], {
    timeout: 120_000,
  });
  process.stderr.write(stderr);
}
