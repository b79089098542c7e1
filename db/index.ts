export * from './database';
export * from './migrations';
export * from './notices';
export * from './messages';
export * from './applications';
export * from './calendar';
export * from './idempotency';
export * from './drafts';
export * from './canonical-json';
export * from './audit';
export * from './archive';

/**
 * Nest injection token for the records `Database`: `{ provide: RECORDS, useValue: db }` in the
 * API module, `@Inject(RECORDS) db: Database` in a service.
 */
export const RECORDS = 'RECORDS';
