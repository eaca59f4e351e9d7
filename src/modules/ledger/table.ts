// Tables of the ledger domain (drizzle). Empty until the domain is built.
export {};
