/** The reports module's public surface: the only file other modules import. */
