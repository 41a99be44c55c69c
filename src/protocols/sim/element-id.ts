// Element ids as the console carries them. An .inp id may contain any printable character
// but ';' and whitespace; the console puts element ids into bus topic levels
// (reading/<element>/<quantity>, agent/<kind>/<id>/…), where '/' separates levels and '+'
// and '#' are MQTT wildcards, so an id holding one of them could not be published at all
// (Micropolis's pumps are HSP#1…, WellPump#1…). Such a character is shown as its fullwidth
// form instead (HSP#1 → HSP＃1): it reads the same to an operator, is valid in an MQTT
// topic, and no .inp id in practice uses those forms. Every place that reads an id out of
// EPANET maps it here (the twin, the console's reference model), and sidecar files may
// name elements either way.

const FULLWIDTH: Record<string, string> = { '/': '\uff0f', '+': '\uff0b', '#': '\uff03' };

/** the console's id of an EPANET element id */
export function elementId(raw: string): string {
  return /[/+#]/.test(raw) ? raw.replace(/[/+#]/g, (c) => FULLWIDTH[c]!) : raw;
}
