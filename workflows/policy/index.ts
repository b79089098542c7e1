/**
 * The four regulations as data, and pure rule functions over them. Safe for Temporal's workflow
 * sandbox: no I/O, no clock, no randomness, no Node built-ins.
 *
 * Date convention: days are ISO date strings `YYYY-MM-DD` meaning China-time calendar days;
 * instants are epoch milliseconds. See ./dates.ts.
 */
export * from './dates.js';
export * from './articles.js';
export * from './calendar.js';
export * from './scoring.js';
export * from './schema.js';
export * from './labels.js';
export * from './registry.js';
export * from './cycles.js';
export * from './eligibility.js';
export * from './allocation.js';
export * from './prizes.js';
export * from './validity.js';
export * from './revocation.js';
export * from './reapply.js';
export * from './deadlines.js';
export * from './objections.js';
export * from './steps.js';
export * from './votes.js';
export * from './id-number.js';
export * from './duties.js';
