// Tables of the tax domain (drizzle). Empty until the domain is built.
export {};
