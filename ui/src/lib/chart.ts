// The chart view's helpers: which indicator to start with, the chosen countries, and the PNG
// drawn from the engine's SVG (the webview rasterises it; no second chart renderer here).
import type { ChartOptions, IndicatorKey } from "./types";

/** The indicator to show first: health spending per person if any country gives it, else the one most give. */
export function firstIndicator(options: ChartOptions): IndicatorKey | null {
  const given = options.indicators.filter((i) => i.countries > 0);
  const preferred = given.find((i) => i.key === "health_expenditure_per_capita");
  if (preferred) return preferred.key;
  return [...given].sort((a, b) => b.countries - a.countries)[0]?.key ?? null;
}

/** The chosen codes the chart has no bar for (the countries without a figure). */
export function withoutFigure(chosen: string[], shown: string[]): string[] {
  const have = new Set(shown);
  return chosen.filter((c) => !have.has(c));
}

/** The width and height an SVG document declares (its `width`/`height`, else its viewBox). */
export function svgSize(svg: string): { width: number; height: number } {
  const head = svg.slice(svg.indexOf("<svg"), svg.indexOf(">", svg.indexOf("<svg")) + 1);
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([0-9.]+)"`).exec(head)?.[1] ?? NaN);
  let [width, height] = [attr("width"), attr("height")];
  if (!(width > 0 && height > 0)) {
    const box = /viewBox="([^"]+)"/.exec(head)?.[1].split(/[\s,]+/).map(Number) ?? [];
    [width, height] = [box[2] ?? 0, box[3] ?? 0];
  }
  return { width, height };
}

/** Draws a standalone SVG onto a white canvas at `scale` and returns the PNG's bytes. */
export async function rasterise(svg: string, scale = 2): Promise<Uint8Array> {
  const { width, height } = svgSize(svg);
  if (!(width > 0 && height > 0)) throw new Error("the SVG has no size");
  const image = new Image();
  // A data: URL (the CSP allows data: images, nothing else from outside the app).
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const g = canvas.getContext("2d");
  if (!g) throw new Error("no canvas");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("the canvas gave no PNG");
  return new Uint8Array(await blob.arrayBuffer());
}
