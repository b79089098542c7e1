/** Path and query parameters shared by the award routes; validated with the same schemas OpenAPI shows. */
import { z } from 'zod';
import { POLICY_KEYS } from '../../../workflows/policy/index.js';

export const policyKeySchema = z.enum(POLICY_KEYS as unknown as [string, ...string[]]).describe(`政策（辖区）标识：${POLICY_KEYS.join('、')}`);

/** A four-digit year in the URL, a number once parsed. */
export const yearParamSchema = z
  .string()
  .regex(/^\d{4}$/, '年度须为四位数字，如 2026')
  .transform(Number)
  .describe('年度（届），如 2026');

export const yearSchema = z.number().int().min(2000).max(2100).describe('年度（届），如 2026');

/** Organisation ids become part of workflow ids (`application/<policy>/<year>/<orgId>`): no slashes. */
export const orgIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}._:-]+$/u, '只能包含字母、数字以及 . _ : -')
  .describe('申报组织标识');

/** Escapes a value for a Temporal visibility query string literal. */
export function visibilityLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
