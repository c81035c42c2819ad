/**
 * The soak's chart as one SVG, no plotting library: three panels sharing the time axis — confirmed
 * orders per second, POST /orders latency (p50 and p99), and the RSS of every service.
 */

export interface Series {
  readonly name: string;
  /** [seconds since the start, value] */
  readonly points: readonly (readonly [number, number])[];
}

export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

const width = 960;
const panelHeight = 220;
const margin = { left: 70, right: 190, top: 30, bottom: 30 };
const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value) ?? value;
}

function panelSvg(panel: Panel, top: number, endSeconds: number): string {
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = panelHeight - margin.top - margin.bottom;
  const yMax = niceMax(Math.max(0, ...panel.series.flatMap((s) => s.points.map(([, v]) => v))));
  const x = (t: number) => margin.left + (t / Math.max(1, endSeconds)) * plotWidth;
  const y = (v: number) => top + margin.top + plotHeight - (v / yMax) * plotHeight;
  const parts: string[] = [
    `<text x="${margin.left}" y="${top + 18}" font-weight="bold">${escape(panel.title)}</text>`,
    `<rect x="${margin.left}" y="${top + margin.top}" width="${plotWidth}" height="${plotHeight}" ` +
      'fill="none" stroke="#ccc"/>',
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${margin.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">` +
        `${+v.toFixed(2)} ${panel.unit}</text>`,
    );
  }
  for (let minute = 0; minute * 60 <= endSeconds; minute++) {
    const tx = x(minute * 60);
    parts.push(
      `<text x="${tx}" y="${top + panelHeight - 12}" text-anchor="middle" font-size="11">${minute} min</text>`,
    );
  }
  panel.series.forEach((series, i) => {
    const colour = colours[i % colours.length];
    const path = series.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const legendY = top + margin.top + 14 * i + 8;
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="1.5"/>`,
      `<line x1="${width - margin.right + 12}" x2="${width - margin.right + 30}" ` +
        `y1="${legendY - 4}" y2="${legendY - 4}" ` +
        `stroke="${colour}" stroke-width="2"/>`,
      `<text x="${width - margin.right + 36}" y="${legendY}" font-size="11">${escape(series.name)}</text>`,
    );
  });
  return parts.join('\n');
}

export function soakChartSvg(title: string, panels: readonly Panel[], endSeconds: number): string {
  const height = 40 + panels.length * panelHeight;
  const body = panels.map((panel, i) => panelSvg(panel, 40 + i * panelHeight, endSeconds)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}
