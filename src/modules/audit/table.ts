// Tables of the audit domain (drizzle). Empty until the domain is built.
export {};
