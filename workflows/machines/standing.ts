/** The standing machine: one organisation's record under one jurisdiction's award, across cycles. */
export { presentStanding, refuseStanding, standing, standingMachine } from './standing/machine';
export { dutiesForAward, historyOf, ledgerBalance, mayApplyNow, priorTiers, timerIds as standingTimerIds } from './standing/rules';
export * from './standing/types';
