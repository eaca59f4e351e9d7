// Resolvers of the market domain. Empty until the domain is built.
export const marketResolvers = [] as const;
