/** Reading whole numbers from the environment, with the variable's name in the error. */

/** `env[name]` as a whole number from `min` to `max`, or `fallback` when unset or empty. */
export function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, range: { min: number; max: number; what: string }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(`${name} must be ${range.what} from ${range.min} to ${range.max}, not ${JSON.stringify(raw)}.`);
  }
  return value;
}
