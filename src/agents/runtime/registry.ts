// Who is hosted here: agents by id, by kind, by zone, and their neighbours in the network.
//
// Neighbourhood is symmetric (water flows both ways through a pipe as far as "who should hear
// about my leak" goes): if A declares B, B's neighbours include A even if B did not declare it.
// Only registered agents are returned, so the result does not depend on registration order.
import type { AgentKind } from './kinds';

export interface RegistryEntry {
  readonly id: string;
  readonly kind: AgentKind;
  readonly zone?: string | undefined;
  readonly neighbours?: readonly string[] | undefined;
}

export class AgentRegistry<E extends RegistryEntry = RegistryEntry> {
  private readonly byId = new Map<string, E>();
  private readonly kinds = new Map<AgentKind, Set<string>>();
  private readonly zones = new Map<string, Set<string>>();
  /** who declared `id` as a neighbour (the reverse edges of the declared adjacency) */
  private readonly declaredBy = new Map<string, Set<string>>();

  get size(): number {
    return this.byId.size;
  }

  add(entry: E): void {
    if (this.byId.has(entry.id)) throw new Error(`agent '${entry.id}' is already registered`);
    this.byId.set(entry.id, entry);
    addTo(this.kinds, entry.kind, entry.id);
    if (entry.zone !== undefined) addTo(this.zones, entry.zone, entry.id);
    for (const n of entry.neighbours ?? []) if (n !== entry.id) addTo(this.declaredBy, n, entry.id);
  }

  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    removeFrom(this.kinds, entry.kind, id);
    if (entry.zone !== undefined) removeFrom(this.zones, entry.zone, id);
    for (const n of entry.neighbours ?? []) removeFrom(this.declaredBy, n, id);
    return true;
  }

  get(id: string): E | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): E[] {
    return [...this.byId.values()];
  }

  byKind(kind: AgentKind): E[] {
    return this.resolve(this.kinds.get(kind));
  }

  byZone(zone: string): E[] {
    return this.resolve(this.zones.get(zone));
  }

  /** Registered neighbours of `id`, declared by it or declaring it, in a stable order. */
  neighbours(id: string): E[] {
    const entry = this.byId.get(id);
    const ids = new Set<string>(entry?.neighbours ?? []);
    for (const other of this.declaredBy.get(id) ?? []) ids.add(other);
    ids.delete(id);
    return this.resolve(ids);
  }

  private resolve(ids: Iterable<string> | undefined): E[] {
    const out: E[] = [];
    for (const id of ids ?? []) {
      const entry = this.byId.get(id);
      if (entry) out.push(entry);
    }
    return out;
  }
}

function addTo<K>(index: Map<K, Set<string>>, key: K, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom<K>(index: Map<K, Set<string>>, key: K, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}
