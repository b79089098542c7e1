import { z } from 'zod';

/** The five roles of DESIGN.md "Who may do what". */
export const ROLES = ['office', 'reviewer', 'committee', 'admin', 'applicant'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  office: '奖励办（秘书处）',
  reviewer: '评审专家',
  committee: '评审委员会',
  admin: '运维管理员',
  applicant: '申报单位',
};

export const roleSchema = z.enum(ROLES);

/** Who made the request, as controllers see it (`@CurrentUser()`). */
export interface AuthUser {
  id: string;
  role: Role;
  /** The organisation an `applicant` may see; absent for staff. */
  org?: string;
  name?: string;
}
