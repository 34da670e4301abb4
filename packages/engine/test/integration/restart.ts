import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../../scripts/services.sh', import.meta.url));

/** Stops a service of scripts/services.sh and starts it again (its data kept), as an operator would. */
export function restartService(name: 'redis' | 'postgres' | 'kafka' | 'rabbitmq'): void {
  execFileSync('bash', [script, 'restart', name], { stdio: 'inherit', timeout: 120_000 });
}
