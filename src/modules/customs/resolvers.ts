// Resolvers of the customs domain. Empty until the domain is built.
export const customsResolvers = [] as const;
