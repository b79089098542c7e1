export { assertCanSeeOrganisation } from './access';
export { AUTH_OPTIONS, AuthGuard, type AuthOptions } from './auth.guard';
export { CurrentUser, Public, PUBLIC_KEY, Roles, ROLES_KEY } from './decorators';
export { ROLE_LABELS, ROLES, roleSchema, type AuthUser, type Role } from './roles';
export { authSecretFile, resolveAuthSecret, tokenInstructions, type ResolvedAuthSecret } from './secret';
export { signToken, TokenError, tokenClaimsSchema, verifyToken, type SignTokenInput, type TokenClaims } from './tokens';
export { WorkflowOrganisations } from './workflow-organisation';
