/**
 * What customs tells other modules, without knowing them: listeners registered by the
 * composition root (src/modules/wiring.ts). Customs depends on no reader of its data (quota reads
 * the rollup through customs' index), so there is no cycle.
 */
import type { Db } from '../../db/client';

/** A batch stored accepted declarations: per year, its latest Beijing date among them. */
export interface DeclarationsAccepted { db: Db; years: ReadonlyMap<number, string> }

type Listener = (event: DeclarationsAccepted) => Promise<void>;

const listeners = new Set<Listener>();

/** Registers a listener, awaited (in registration order) after every batch that accepted rows commits; returns its removal. */
export function onDeclarationsAccepted(listener: Listener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export async function declarationsAccepted(event: DeclarationsAccepted): Promise<void> {
  for (const listener of listeners) await listener(event);
}
