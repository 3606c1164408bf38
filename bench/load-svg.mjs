// A small SVG line-chart writer for the benchmark plots in docs/performance.md: linear axes with rounded
// ticks, one polyline plus point markers per series, and a legend. Output is static SVG (no scripts).

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

function niceStep(range, ticks) {
  const raw = range / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / magnitude;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * magnitude;
}

function axisTicks(max, ticks = 5) {
  const step = niceStep(max > 0 ? max : 1, ticks);
  const top = Math.ceil((max > 0 ? max : 1) / step) * step;
  const values = [];
  for (let v = 0; v <= top + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return { top, values };
}

const escapeXml = (text) =>
  String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

function formatTick(v) {
  if (v >= 1e9) return `${v / 1e9}G`;
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}k`;
  return String(v);
}

/** Decade ticks (1, 2, 5 × 10^k) covering [min, max] for a log axis. */
function logTicks(min, max) {
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max));
  const values = [];
  for (let decade = lo; decade < hi * 1.001; decade *= 10) {
    for (const m of [1, 2, 5]) if (decade * m <= hi * 1.001) values.push(Number((decade * m).toPrecision(6)));
  }
  return { lo, hi, values };
}

/**
 * series: [{ name, points: [[x, y], …] }]; yScale 'linear' (from 0) or 'log' (for latencies that span
 * decades). Returns the SVG document as a string.
 */
export function lineChart({ title, xLabel, yLabel, series, width = 640, height = 360, yScale = 'linear' }) {
  const margin = { top: 40, right: 20, bottom: 50, left: 70 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = series.flatMap((s) => s.points);
  const x = axisTicks(Math.max(...all.map((p) => p[0])));
  const ys = all.map((p) => p[1]);
  const sx = (v) => margin.left + (v / x.top) * plotW;
  let y;
  let sy;
  if (yScale === 'log') {
    const t = logTicks(Math.max(1e-3, Math.min(...ys.filter((v) => v > 0))), Math.max(...ys));
    y = { values: t.values };
    const span = Math.log10(t.hi) - Math.log10(t.lo);
    sy = (v) => margin.top + plotH - ((Math.log10(Math.max(v, t.lo)) - Math.log10(t.lo)) / span) * plotH;
  } else {
    y = axisTicks(Math.max(...ys));
    sy = (v) => margin.top + plotH - (v / y.top) * plotH;
  }
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const v of y.values) {
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${sy(v)}" y2="${sy(v)}" stroke="#e5e7eb"/>`,
      `<text x="${margin.left - 8}" y="${sy(v) + 4}" text-anchor="end" fill="#374151">${formatTick(v)}</text>`,
    );
  }
  for (const v of x.values) {
    parts.push(
      `<line x1="${sx(v)}" x2="${sx(v)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#374151"/>`,
      `<text x="${sx(v)}" y="${margin.top + plotH + 18}" text-anchor="middle" fill="#374151">${formatTick(v)}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#374151"/>`,
    `<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([px, py]) => `${sx(px).toFixed(1)},${sy(py).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const [px, py] of points) {
      parts.push(`<circle cx="${sx(px).toFixed(1)}" cy="${sy(py).toFixed(1)}" r="3" fill="${color}"/>`);
    }
    const ly = margin.top + 14 + i * 16;
    parts.push(
      `<line x1="${margin.left + 10}" x2="${margin.left + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${margin.left + 34}" y="${ly}" fill="#111827">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
