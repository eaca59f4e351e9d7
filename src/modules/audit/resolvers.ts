// Resolvers of the audit domain. Empty until the domain is built.
export const auditResolvers = [] as const;
