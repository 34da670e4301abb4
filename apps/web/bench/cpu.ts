/** Machine noise: CPU time of the whole machine, the server and everything else. */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuTicks {
  total: number;
  idle: number;
  server: number;
  /** This process and its descendants other than the server: the browser, mostly. */
  bench: number;
}

/** Percent of the whole machine (every CPU) over a phase; Linux /proc, undefined elsewhere. */
export interface CpuFigures {
  machineBusyPct: number;
  serverPct: number;
  browserPct: number;
  /** Everything outside the benchmark: other people's work on this machine. */
  otherPct: number;
}

export function cpuTicks(serverPid: number | undefined): CpuTicks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = fields[3]! + (fields[4] ?? 0);
    const parent = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(entry), Number(rest[1]));
        ticks.set(Number(entry), Number(rest[11]) + Number(rest[12]));
      } catch {
        // gone meanwhile
      }
    }
    const under = (pid: number, root: number): boolean => {
      for (let p: number | undefined = pid, n = 0; p && n < 64; p = parent.get(p), n++)
        if (p === root) return true;
      return false;
    };
    let server = 0;
    let bench = 0;
    for (const [pid, t] of ticks) {
      if (serverPid && under(pid, serverPid)) server += t;
      else if (under(pid, process.pid)) bench += t;
    }
    return { total, idle, server, bench };
  } catch {
    return undefined;
  }
}

export function cpuFigures(
  a: CpuTicks | undefined,
  b: CpuTicks | undefined,
): CpuFigures | undefined {
  if (!a || !b || b.total <= a.total) return undefined;
  const span = b.total - a.total;
  const pct = (n: number) => Math.round((Math.max(0, n) / span) * 1000) / 10;
  const busy = span - (b.idle - a.idle);
  const server = b.server - a.server;
  const bench = b.bench - a.bench;
  return {
    machineBusyPct: pct(busy),
    serverPct: pct(server),
    browserPct: pct(bench),
    otherPct: pct(busy - Math.max(0, server) - Math.max(0, bench)),
  };
}
