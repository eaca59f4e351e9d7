// Tables of the quota domain (drizzle). Empty until the domain is built.
export {};
