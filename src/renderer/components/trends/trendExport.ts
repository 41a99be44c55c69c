// Trend export: the historian's raw CSV, and the chart as a PNG (its SVG drawn on a canvas).
import { request } from '../../api/client';
import { exportFileName, type TrendWindow } from './trendModel';

/** Offer a file to the operator (the browser's download; Electron saves it likewise). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** history.csv for the window, downloaded; returns the number of rows. */
export async function exportCsv(tags: readonly string[], w: TrendWindow): Promise<number> {
  const { csv, rows } = await request('history.csv', { tags: [...tags], from: w.from, to: w.to });
  download(new Blob([csv], { type: 'text/csv' }), exportFileName(tags, w, 'csv'));
  return rows;
}

/**
 * The chart's SVG as a PNG at twice its size, on the theme's background, with a title line.
 * The chart's colours are concrete values (not CSS variables), so the image keeps them.
 */
export async function exportPng(
  svg: SVGSVGElement,
  tags: readonly string[],
  w: TrendWindow,
  title: string,
  colours: { background: string; text: string },
  pens: readonly { name: string; colour: string }[] = [],
): Promise<void> {
  const box = svg.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const height = Math.ceil(box.height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.style.fontFamily = getComputedStyle(svg).fontFamily;
  const text = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await loaded;
  const scale = 2;
  const header = pens.length > 0 ? 50 : 28;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = (height + header) * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas to draw the chart on');
  ctx.scale(scale, scale);
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, width, height + header);
  ctx.fillStyle = colours.text;
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(title, 10, 18);
  // the legend (recharts draws it in HTML, outside the SVG)
  let x = 10;
  ctx.font = '12px system-ui, sans-serif';
  for (const pen of pens) {
    ctx.fillStyle = pen.colour;
    ctx.fillRect(x, 36, 18, 3);
    ctx.fillStyle = colours.text;
    ctx.fillText(pen.name, x + 24, 41);
    x += 24 + ctx.measureText(pen.name).width + 18;
  }
  ctx.drawImage(image, 0, header, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the chart could not be encoded as PNG');
  download(blob, exportFileName(tags, w, 'png'));
}
