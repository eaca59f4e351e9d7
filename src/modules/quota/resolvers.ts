// Resolvers of the quota domain. Empty until the domain is built.
export const quotaResolvers = [] as const;
