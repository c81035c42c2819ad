/**
 * The value of one sample in a Prometheus text exposition: the first line of `name` whose labels
 * include every pair of `labels` (NaN when there is none). Tests read a service's /metrics or its
 * registry's text with it rather than each writing its own pattern.
 */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of exposition.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const present = labelsOf(sample[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) return Number(sample[3]);
  }
  return Number.NaN;
}

function labelsOf(text: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const [, key, value] of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels.set(
      key!,
      value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)),
    );
  }
  return labels;
}
