/** Runs the HTTP API alone, against TEMPORAL_ADDRESS (or the default local address). */
import { temporalSettings } from '../config/temporal';
import { startApi } from './server';

startApi(temporalSettings(), Number(process.env.PORT ?? 3000))
  .then(({ url }) => console.log(`[api] listening on ${url}`))
  .catch((error) => {
    console.error('[api]', error instanceof Error ? error.message : error);
    process.exit(1);
  });
