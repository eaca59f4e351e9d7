// Resolvers of the reports domain. Empty until the domain is built.
export const reportsResolvers = [] as const;
