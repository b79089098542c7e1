/** The cycle machine: one award cycle (届) of one jurisdiction's quality award. */
export { ACCEPTANCE_REMINDER_LEAD_MS, cycle, cycleMachine, refuseCycle } from './cycle/machine';
export { nextStage, rank, unresolvedApplications, proposalCandidates, serviceLevelStatus, type ServiceLevelStatus } from './cycle/rules';
export { CYCLE_STAGES, applicationWorkflowId, cycleWorkflowId, type CycleStage, type Role } from './cycle/ids';
export * from './cycle/types';
