// Tables of the customs domain (drizzle). Empty until the domain is built.
export {};
