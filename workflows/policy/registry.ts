/**
 * The registry of jurisdictions. Each policy is validated on first use (a bad policy is refused with
 * the field path and the reason); the worker validates them all when it starts. Lazily, because
 * this module is evaluated again for every workflow the worker instantiates, and each needs one
 * policy. Adding a jurisdiction = one file in jurisdictions/ plus one line in RAW_POLICIES.
 */
import { benxiDraft } from './jurisdictions/benxi-draft.js';
import { chanhe2021 } from './jurisdictions/chanhe-2021.js';
import { daqing2018 } from './jurisdictions/daqing-2018.js';
import { ganzhou2022 } from './jurisdictions/ganzhou-2022.js';
import { parsePolicy, type Policy, type PolicyInput } from './schema.js';

const RAW_POLICIES = [ganzhou2022, benxiDraft, chanhe2021, daqing2018] as const satisfies readonly PolicyInput[];

export type PolicyKey = (typeof RAW_POLICIES)[number]['key'];

const parsed = new Map<PolicyKey, Policy>();

export const POLICY_KEYS = Object.freeze(RAW_POLICIES.map((p) => p.key)) as readonly PolicyKey[];

export class UnknownPolicyError extends Error {
  override readonly name = 'UnknownPolicyError';
  readonly code = 'POLICY_UNKNOWN';
  constructor(readonly key: string) {
    super(`未知的质量奖政策：${key}（POLICY_UNKNOWN; known: ${POLICY_KEYS.join(', ')}）`);
  }
}

export function isPolicyKey(key: string): key is PolicyKey {
  return (POLICY_KEYS as readonly string[]).includes(key);
}

/** The validated policy for a jurisdiction key; throws {@link UnknownPolicyError} for an unknown key. */
export function loadPolicy(key: string): Policy {
  if (!isPolicyKey(key)) throw new UnknownPolicyError(key);
  let policy = parsed.get(key);
  if (!policy) {
    policy = parsePolicy(RAW_POLICIES.find((raw) => raw.key === key)!);
    parsed.set(key, policy);
  }
  return policy;
}

/** Every policy, validated. */
export function allPolicies(): Policy[] {
  return POLICY_KEYS.map(loadPolicy);
}
