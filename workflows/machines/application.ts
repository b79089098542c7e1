/** The application machine: one organisation's application in one award cycle. */
export { application, applicationMachine, refuseApplication } from './application/machine';
export { canReviewerSee, SCORE_WEIGHTS, phaseMean, weightedTotal } from './application/rules';
export * from './application/types';
