import en from 'zod/v4/locales/en.js';

/**
 * zod's English messages for one parse (`z.safeParse(schema, value, ZOD_ENGLISH)`): zod/mini loads
 * no locale, and setting one through `z.config` would change the application's own zod globally.
 */
export const ZOD_ENGLISH = { error: en().localeError };
