// Tables of the reports domain (drizzle). Empty until the domain is built.
export {};
