// Resolvers of the ledger domain. Empty until the domain is built.
export const ledgerResolvers = [] as const;
