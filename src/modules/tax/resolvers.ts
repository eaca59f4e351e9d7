// Resolvers of the tax domain. Empty until the domain is built.
export const taxResolvers = [] as const;
