import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor } from './shortcuts';

const key = (
  k: string,
  code: string,
  mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {},
) => ({
  key: k,
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('opens each display with Alt and a digit, read from the physical key', () => {
    expect(shortcutFor(key('1', 'Digit1', { altKey: true }), false)).toEqual({
      type: 'display',
      display: 'overview',
    });
    expect(shortcutFor(key('¡', 'Digit1', { altKey: true }), false)).toEqual({
      type: 'display',
      display: 'overview',
    });
    expect(shortcutFor(key('2', 'Digit2', { altKey: true }), false)).toEqual({
      type: 'display',
      display: 'zone',
    });
    expect(shortcutFor(key('3', 'Digit3', { altKey: true }), false)).toEqual({ type: 'faceplate' });
    expect(shortcutFor(key('4', 'Digit4', { altKey: true }), false)).toEqual({
      type: 'display',
      display: 'diagnostics',
    });
    expect(shortcutFor(key('5', 'Digit5', { altKey: true }), false)).toEqual({
      type: 'display',
      display: 'trends',
    });
    expect(shortcutFor(key('6', 'Digit6', { altKey: true }), false)).toEqual({
      type: 'display',
      display: 'training',
    });
    expect(shortcutFor(key('0', 'Digit0', { altKey: true }), false)).toEqual({ type: 'close' });
  });

  it('acknowledges, silences, mutes and switches the theme with Alt chords, even in a text field', () => {
    expect(shortcutFor(key('a', 'KeyA', { altKey: true }), true)).toEqual({ type: 'ack' });
    expect(shortcutFor(key('ß', 'KeyS', { altKey: true }), true)).toEqual({ type: 'silence' });
    expect(shortcutFor(key('m', 'KeyM', { altKey: true }), false)).toEqual({ type: 'mute' });
    expect(shortcutFor(key('l', 'KeyL', { altKey: true }), false)).toEqual({ type: 'theme' });
  });

  it('leaves plain keys to text fields, and Ctrl/Cmd chords to the browser and the search', () => {
    expect(shortcutFor(key('?', 'Slash'), false)).toEqual({ type: 'help' });
    expect(shortcutFor(key('?', 'Slash'), true)).toBeNull();
    expect(shortcutFor(key('a', 'KeyA'), false)).toBeNull();
    expect(shortcutFor(key('f', 'KeyF', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('1', 'Digit1', { altKey: true, ctrlKey: true }), false)).toBeNull();
  });

  it('lists every chord once', () => {
    const codes = SHORTCUTS.flatMap((s) => (s.code ? [s.code] : []));
    expect(new Set(codes).size).toBe(codes.length);
  });
});
