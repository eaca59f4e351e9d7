/**
 * The composition root of reactions between modules: a module announces what happened
 * (customs: declarations accepted) without knowing who listens, and the listeners are registered
 * here, once per process. Imported by src/modules/index.ts (the API), src/cli/import.ts and
 * seeds/seed.ts: whatever stores declarations through customs gets quota's early warnings.
 */
import { inboundReadAhead, onDeclarationsAccepted } from './customs';
import { listedEntriesByKeys } from './market';
import { evaluateEarlyWarnings } from './quota';
import { useDishonestLookup, useEnterpriseFieldReadAhead } from './registry';

// SPEC §7: after each batch that accepted rows, evaluate the quota of the years it touched.
onDeclarationsAccepted(({ db, years }) => evaluateEarlyWarnings({ db }, years));

// SPEC §14: the dishonest list (market's) refuses listed subjects in the registry and in customs,
// which market itself depends on.
useDishonestLookup(listedEntriesByKeys);

// Issue 15: customs' Enterprise.inboundDeclarations is read with the registry's enterprises page
// (the customs processor query's page, contracts and totals in one statement).
useEnterpriseFieldReadAhead(inboundReadAhead);
