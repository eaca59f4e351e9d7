// Tables of the market domain (drizzle). Empty until the domain is built.
export {};
