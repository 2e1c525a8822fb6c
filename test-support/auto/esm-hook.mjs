// The documented ESM set-up: register the import-in-the-middle loader before the app's imports.
import { register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
