/**
 * Every activity the worker registers. Effects named by machines are activities of the same name;
 * each takes an EffectInput whose idempotencyKey makes a second run change nothing.
 */
export { publishNotice } from './notices';
