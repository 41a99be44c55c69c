import { usePrefsStore } from '../../store/prefsStore';

export interface TrendColours {
  pens: string[];
  axis: string;
  grid: string;
  text: string;
  background: string;
  selection: string;
}

const FALLBACK_PENS = [
  '#6fa8dc',
  '#c9a0dc',
  '#8fd0c0',
  '#d8d8d8',
  '#9fb7ff',
  '#d6b27a',
  '#7fc8e8',
  '#b8c480',
];

/**
 * The trend pens and axes as concrete colours from the theme's CSS variables (recharts
 * writes them into SVG attributes, and the PNG export needs real values).
 */
export function useTrendColours(): TrendColours {
  const theme = usePrefsStore((s) => s.theme);
  return readColours(theme);
}

const cache = new Map<string, TrendColours>();

function readColours(theme: string): TrendColours {
  const cached = cache.get(theme);
  if (cached) return cached;
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const colours: TrendColours = {
    pens: FALLBACK_PENS.map((f, i) => v(`--trend-${i + 1}`, f)),
    axis: v('--text-muted', '#8e959d'),
    grid: v('--border', '#383d43'),
    text: v('--text', '#d4d8dd'),
    background: v('--bg-panel', '#1b1e21'),
    selection: v('--glyph', '#a3a9b1'),
  };
  // the variables of a theme only apply once data-theme is set; cache only what is applied
  if (document.documentElement.dataset.theme === theme) cache.set(theme, colours);
  return colours;
}

/** Dash patterns, so that pens differ by more than their colour. */
export const DASHES = ['', '6 3', '2 3', '10 3 2 3', '', '6 3', '2 3', '10 3 2 3'];
