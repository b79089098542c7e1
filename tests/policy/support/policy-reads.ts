/**
 * Records which fields of a policy are read. A tracked policy is a Proxy over an unfrozen deep clone
 * (a Proxy over the frozen original would have to return the original's own, unproxied objects for
 * its non-configurable properties, and reads below them would go unseen).
 *
 * Paths generalise array positions: `tiers[].quota.max`; elements that carry a `kind` are told apart
 * by it, because the same field means different things per kind: `eligibility.criteria[kind=profit].appliesTo`,
 * `reviewSteps[kind=deliberation].vote.threshold`.
 */
import type { Policy } from '../../../workflows/policy/schema.js';

export type ReadPhase = 'behaviour' | 'docs' | 'off';

const elementTag = (element: unknown): string =>
  element !== null && typeof element === 'object' && typeof (element as { kind?: unknown }).kind === 'string' ? `[kind=${(element as { kind: string }).kind}]` : '[]';

const childPath = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);

const isIndex = (key: string): boolean => /^(0|[1-9]\d*)$/.test(key);

/** Every declared leaf: a primitive, a null, an empty object or array, or an array of primitives. */
export function declaredPaths(policy: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') {
      out.add(path);
    } else if (Array.isArray(value)) {
      if (value.length === 0 || value.every((v) => v === null || typeof v !== 'object')) out.add(path);
      else for (const v of value) walk(v, `${path}${elementTag(v)}`);
    } else {
      const entries = Object.entries(value);
      if (entries.length === 0) out.add(path);
      for (const [k, v] of entries) if (v !== undefined) walk(v, childPath(path, k));
    }
  };
  walk(policy, '');
  return out;
}

export class PolicyReads {
  phase: ReadPhase = 'off';
  private readonly reads = { behaviour: new Map<string, Set<string>>(), docs: new Map<string, Set<string>>() };
  private readonly tracked = new Map<string, { original: Policy; proxy: Policy }>();

  /** The tracked stand-in for a loaded policy: the same one for every call with the same key. */
  policy(original: Policy): Policy {
    const known = this.tracked.get(original.key);
    if (known) return known.proxy;
    const proxies = new WeakMap<object, unknown>();
    const record = (path: string) => {
      if (this.phase === 'off') return;
      const byPolicy = this.reads[this.phase];
      let set = byPolicy.get(original.key);
      if (!set) byPolicy.set(original.key, (set = new Set()));
      set.add(path);
    };
    const wrap = (target: object, path: string): unknown => {
      const existing = proxies.get(target);
      if (existing) return existing;
      const proxy = new Proxy(target, {
        get(t, key, receiver) {
          const value: unknown = Reflect.get(t, key, receiver);
          if (typeof key !== 'string') return value;
          let path2: string;
          if (Array.isArray(t)) {
            if (!isIndex(key)) return value;
            path2 = `${path}${elementTag(value)}`;
          } else {
            path2 = childPath(path, key);
          }
          record(path2);
          return value !== null && typeof value === 'object' ? wrap(value, path2) : value;
        },
      });
      proxies.set(target, proxy);
      return proxy;
    };
    const proxy = wrap(structuredClone(original) as object, '') as Policy;
    this.tracked.set(original.key, { original, proxy });
    return proxy;
  }

  /** The real, untracked policy, for the test's own arithmetic (which must not count as a read). */
  original(key: string): Policy {
    const known = this.tracked.get(key);
    if (!known) throw new Error(`policy ${key} was never loaded through the tracker`);
    return known.original;
  }

  readIn(phase: 'behaviour' | 'docs', key: string): ReadonlySet<string> {
    return this.reads[phase].get(key) ?? new Set();
  }

  /** Runs `body` with reads counted for `phase`. */
  during<T>(phase: ReadPhase, body: () => T): T {
    const before = this.phase;
    this.phase = phase;
    try {
      return body();
    } finally {
      this.phase = before;
    }
  }
}

/** One recorder per test file (vitest isolates files), shared by the registry mock and the test. */
export const policyReads = new PolicyReads();
