import pkg from '../../package.json' with { type: 'json' };

/** The CLI package's version, bundled from its package.json at build time (read directly from sources). */
export const CLI_VERSION: string = pkg.version;
