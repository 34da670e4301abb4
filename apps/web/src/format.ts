/** `3d 4h`, `12m 5s`, `800 ms`: the two largest units. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .map(([n, u]) => `${n}${u}`)
    .join(' ');
}

/** `0`, `12.5`, `1.2k`, `3.4M` per second. */
export function formatRate(rate: number): string {
  if (rate < 10) return rate.toFixed(rate === 0 ? 0 : 1);
  if (rate < 1000) return Math.round(rate).toString();
  if (rate < 1e6) return `${(rate / 1e3).toFixed(1)}k`;
  return `${(rate / 1e6).toFixed(1)}M`;
}

export function formatCount(n: number): string {
  return n < 1e4 ? String(n) : formatRate(n);
}

const hhmm = (t: string) => `${t.slice(0, 2)}:${t.slice(2)}`;

export function formatWindow(
  window: { start_time: string; end_time: string; timezone: string } | null | undefined,
): string {
  return window
    ? `${hhmm(window.start_time)}–${hhmm(window.end_time)} ${window.timezone}`
    : 'always on';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2024-05-01 14:03:22` in the browser's time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A value as one line of JSON, `—` when there is none. */
export function formatJsonCompact(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
