// What the displays (overview, zone, trends, training) remember between openings: the
// trend's tags, the zone on show, and the training panel's "inject a leak at the next pipe
// selected on the schematic" mode.
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { request } from '../api/client';
import { setDock, useConsoleStore, type ElementRef } from './consoleStore';

export interface PickedPipe {
  id: string;
  diameterMm: number;
  lengthM: number;
}

export interface DisplayState {
  /** null until the operator chooses: the trend then opens on a tank level and a pump flow */
  trendTags: readonly string[] | null;
  zone: string | null;
  /** the next pipe selected on the schematic becomes the leak's target */
  pickingLeakPipe: boolean;
  leakPipe: PickedPipe | null;
}

export const useDisplayStore = create<DisplayState>()(() => ({
  trendTags: null,
  zone: null,
  pickingLeakPipe: false,
  leakPipe: null,
}));

const set = useDisplayStore.setState;

export function setTrendTags(trendTags: readonly string[]): void {
  set({ trendTags });
}

/** Open the trends display on these tags (a faceplate's "open in Trends"). */
export function openTrend(tags: readonly string[]): void {
  set({ trendTags: tags.slice(0, 8) });
  setDock('trends');
}

export function setZone(zone: string | null): void {
  set({ zone });
}

export function startPickingLeakPipe(): void {
  set({ pickingLeakPipe: true });
}

export function stopPickingLeakPipe(): void {
  set({ pickingLeakPipe: false });
}

export function setLeakPipe(leakPipe: PickedPipe | null): void {
  set({ leakPipe });
}

/** The pipe a selection stands for, or null (a node, a pump, a valve). */
export function pipeOf(ref: ElementRef | null): PickedPipe | null {
  if (!ref || ref.kind !== 'link') return null;
  const link = useConsoleStore.getState().network?.links[ref.index];
  if (!link || link.kind !== 'pipe') return null;
  return { id: link.id, diameterMm: link.diameter, lengthM: link.length };
}

// While picking, the next pipe selected on the schematic is taken.
useConsoleStore.subscribe((state, previous) => {
  if (state.selected === previous.selected || !useDisplayStore.getState().pickingLeakPipe) return;
  const pipe = pipeOf(state.selected);
  if (pipe) set({ leakPipe: pipe, pickingLeakPipe: false });
});

/**
 * Bring a zone into view on the schematic without selecting anything: the focus goes to
 * the zone's node nearest the middle of its nodes.
 */
export function showZoneOnSchematic(zoneId: string): void {
  const { network } = useConsoleStore.getState();
  if (!network) return;
  const members = network.nodes.map((n, index) => ({ n, index })).filter(({ n }) => n.zone === zoneId);
  if (members.length === 0) return;
  const cx = members.reduce((sum, { n }) => sum + n.x, 0) / members.length;
  const cy = members.reduce((sum, { n }) => sum + n.y, 0) / members.length;
  let best = members[0]!;
  let bestD = Infinity;
  for (const m of members) {
    const d = (m.n.x - cx) ** 2 + (m.n.y - cy) ** 2;
    if (d < bestD) [best, bestD] = [m, d];
  }
  useConsoleStore.setState((s) => ({
    focus: { ref: { kind: 'node', index: best.index }, seq: (s.focus?.seq ?? 0) + 1 },
  }));
}

// ---------------------------------------------------------------- historian tags

export interface HistoryTag {
  tag: string;
  unit: string | null;
}

let tagCache: { at: number; tags: HistoryTag[] } | null = null;
const TAG_CACHE_MS = 30_000;

/** The historian's tags (history.tags), cached for half a minute across views. */
export function useHistoryTags(): HistoryTag[] | null {
  const [tags, setTags] = useState<HistoryTag[] | null>(tagCache?.tags ?? null);
  const loadId = useConsoleStore((s) => s.network?.loadId);
  useEffect(() => {
    let current = true;
    // fresh enough: the state started from the cache
    if (tagCache && Date.now() - tagCache.at < TAG_CACHE_MS) return;
    request('history.tags', {})
      .then(({ tags: list }) => {
        const sorted = [...list].sort((a, b) => a.tag.localeCompare(b.tag));
        tagCache = { at: Date.now(), tags: sorted };
        if (current) setTags(sorted);
      })
      .catch(() => current && setTags([]));
    return () => {
      current = false;
    };
  }, [loadId]);
  return tags;
}
