/**
 * Issue 11: every article a policy declares is enforced. A field that nothing reads is a rule that
 * nothing applies, so this test fails for each declared field that the code deciding or telling users
 * something never reads, with its policy, unless the field is documentation (the allowlist below),
 * and then the docs table (docs/policies.md) must show it.
 *
 * How: every module gets its policies from `loadPolicy`, mocked here to hand out a recording Proxy
 * (tests/policy/support/policy-reads.ts). A whole cycle per policy runs on the pure interpreter (the
 * workflows' own code, with its notices rendered), then the pure rules of workflows/policy are called
 * with representative inputs. Reads during the docs table's rendering are counted apart.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../workflows/policy/registry.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../workflows/policy/registry.js')>();
  const { policyReads } = await import('./support/policy-reads.js');
  return {
    ...original,
    loadPolicy: (key: string) => policyReads.policy(original.loadPolicy(key)),
    allPolicies: () => original.POLICY_KEYS.map((key) => policyReads.policy(original.loadPolicy(key))),
  };
});

// Workflows started since the articles patch carry `enforcesArticles` (award-workflows.ts sets it on
// the input); the harness starts machines directly, so it is set here for both.
vi.mock('../../workflows/runtime/interpreter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../workflows/runtime/interpreter')>();
  return {
    ...original,
    start: (def: import('../../workflows/runtime/interpreter').DurableMachine, input: unknown, now: number) =>
      original.start(def, { enforcesArticles: true, ...(input as object) }, now),
  };
});

import { renderPolicyTable } from '../../workflows/policy/docs-table.js';
import {
  EXTERNAL_AWARDS,
  INCIDENT_KINDS,
  INDUSTRY_CATEGORIES,
  POLICY_KEYS,
  RECOMMENDER_KINDS,
  REVIEW_STEP_KINDS,
  allocateTiers,
  annualReportSchedule,
  attestationCriteria,
  bonusForExternalAward,
  checkEligibility,
  checkObjectionAdmissibility,
  cycleOnOrAfter,
  deadlineFrom,
  eligibilityArticles,
  isAwardValidOn,
  loadPolicy,
  mayApply,
  missedEvidenceOutcome,
  nextCycleAfter,
  objectionAcceptanceDuration,
  periodDeadline,
  prizeForOutcome,
  publicityPeriod,
  recordsRetainedThrough,
  reviewStep,
  reviewStepKinds,
  revocationConsequences,
  validateProposal,
  validityPeriod,
  type AllocationCandidate,
  type Duration,
  type ApplicantProfile,
  type IndustryCategory,
  type Policy,
} from '../../workflows/policy/index.js';
import { mayApplyNow, presentStanding, standing, type StandingContext } from '../../workflows/machines/standing';
import { apply, check, dueTimers, fire, start, type DurableState } from '../../workflows/runtime/interpreter';
import { SYSTEM_ROLE, type Actor, type MachineEvent, type StateView } from '../../workflows/runtime/types';
import { DAY, DEADLINE, World, committee, office, sheetTotalling } from '../machines/harness';
import { china, goodProfile, weekendsOnlyCalendar } from './fixtures';
import { PolicyReads, declaredPaths, policyReads } from './support/policy-reads';

/**
 * Fields that state no rule of their own: the docs table shows them (checked below), and no
 * behaviour needs to. Patterns match whole paths; `*` stands for any run of characters.
 */
const DOCUMENTATION: ReadonlyArray<readonly [pattern: string, reason: string]> = [
  ['*article', 'the citation (第N条) of the rule beside it; messages cite it where that rule is applied'],
  ['*note', 'a remark or reading for people; the rule it explains is in the fields beside it'],
  ['industryNote', 'a remark on the industries the regulation names; the industry criterion holds the rule'],
  ['key', 'the policy’s identifier: the registry and workflow ids use it as a key, not as a rule'],
  ['jurisdiction', 'the region’s name, for readers'],
  ['document.*', 'which regulation this is (title, number, issuer, status, date, seed file, length); citations are checked against articleCount when the policy is validated'],
  ['scoring.edition', 'which edition of the standard reviewers score against; the scoring model (modelId) holds the categories and maxima'],
  ['scoring.setBy', 'whether the regulation or the office chose the standard; nothing is decided by it'],
  ['scoring.supplementary', 'further standards reviewers consult (GB/Z 19579); they add no categories or points'],
  ['reviewSteps[kind=*].name', 'the step’s name as the regulation words it; stages have their own labels'],
  ['reviewSteps[kind=*].actor', 'who carries the step out, as the regulation names the body; roles are the machines’ meta'],
  ['tiers[].prize.honours', 'what is handed over (plaque, certificate): the ceremony, not a decision'],
  ['tiers[].reAward.honours', 'what is handed over on a re-award: the ceremony, not a decision'],
  ['revocation.causes[].grounds', 'the facts that make out the cause, as the regulation words them; the office judges them and records the cause id'],
  ['duties.experienceSharing[kind=*].description', 'the duty as the regulation words it'],
  ['reapply.nominee.kind', 'whether the text says nominees may apply again or is silent: either way nothing restricts them'],
  ['duties.annualReport.basis', 'how `years` was set (the validity or a fixed count); the schedule reads `years`, which validation ties to the validity'],
];

const patternRe = (pattern: string) => new RegExp(`^${pattern.replace(/[.[\]()+?^$|\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
const DOC_RES = DOCUMENTATION.map(([pattern]) => patternRe(pattern));
const isDocumentation = (path: string) => DOC_RES.some((re) => re.test(path));

// ---------------------------------------------------------------------------------------------
// Behaviour: a whole cycle per policy, then the pure rules
// ---------------------------------------------------------------------------------------------

/** The API's views (api/awards/shared/views.ts), imported while reads count: its schemas read policies when loaded. */
let views: typeof import('../../api/awards/shared/views.js');

/** What the API shows staff of the cycle and of one application now (service levels, objections, actions). */
function show(w: World, orgId?: string): void {
  const asWorkflow = (view: StateView, workflowId: string, workflowType: string) => ({ ...view, workflowId, workflowType, runId: 'run-1', executionStatus: 'RUNNING' });
  const staff = { id: 'staff-1', role: 'office' } as const;
  views.presentCycle(asWorkflow(w.cycleView, `cycle/${w.policyKey}/2026`, 'cycleWorkflow'), staff, { total: w.apps.size, byStatus: {} }, weekendsOnlyCalendar, w.now);
  if (orgId) views.presentApplication(asWorkflow(w.app(orgId).view, `application/${w.policyKey}/2026/${orgId}`, 'applicationWorkflow'), staff);
}

/** Read afresh each time (a getter TypeScript would otherwise narrow across sends). */
const stageOf = (w: World): string => w.cycleView.stage;
const reviewer = (id: string) => ({ id, role: 'reviewer' });
const applicant = (id: string) => ({ id, role: 'applicant' });

/** Sends when the machine allows it; returns the refusal otherwise (asking reads the rules too). */
function tryCycle(w: World, event: MachineEvent, actor = office) {
  const refusal = w.checkCycle(event);
  if (!refusal) w.sendCycle(event, actor);
  return refusal;
}

function tryApp(w: World, orgId: string, event: MachineEvent, actor = office) {
  const refusal = w.checkApp(orgId, event);
  if (!refusal) w.sendApp(orgId, event, actor);
  return refusal;
}

const CANDIDATE_CATEGORIES: IndustryCategory[] = ['manufacturing', 'service', 'manufacturing', 'service', 'manufacturing', 'manufacturing', 'engineering', 'manufacturing'];

/** A profile that fails every criterion the policy can state, most in the way that reads their parameters. */
function failingProfile(policy: Policy): Partial<ApplicantProfile> {
  const signers = policy.eligibility.criteria.flatMap((c) => (c.kind === 'recommendation' ? c.signers : []));
  return {
    registeredInJurisdiction: false,
    paysTaxInJurisdiction: false,
    legalPerson: 'non-independent',
    organisationKind: 'other',
    industry: 'other',
    operatingSince: '2025-01-01',
    qualitySystemCertifiedSince: '2025-01-01',
    excellenceModelSince: '2025-06-01',
    safetyStandardisationLevel: 9,
    profitByYear: { 2024: -1, 2025: 0 },
    incidents: INCIDENT_KINDS.map((kind) => ({ kind, date: '2026-01-15' })),
    recommendation: { by: RECOMMENDER_KINDS.find((k) => !signers.includes(k))! },
    attestations: {},
  };
}

/** Fails the criteria that `failingProfile` meets only in part: no legal person at all, no certification or excellence model. */
const absentProfile: Partial<ApplicantProfile> = {
  legalPerson: 'none',
  qualitySystemCertifiedSince: null,
  excellenceModelSince: null,
  safetyStandardisationLevel: null,
  profitByYear: {},
  recommendation: null,
};

/** A non-profit organisation with a loss year (瀍河第十一条 binds it; the others' profit conditions do not). */
const nonProfitWithLoss: Partial<ApplicantProfile> = { forProfit: false, organisationKind: 'public-institution', profitByYear: { 2024: -500_000, 2025: 100_000 } };

const VALID_ID_NUMBER = '11010519491231002X';
const personObjector = { kind: 'person', realName: '张三', idNumber: VALID_ID_NUMBER, contact: '13800000000', email: 'zhangsan@example.com' };
const organisationObjector = { kind: 'organisation', name: '某某质量协会', address: '某市某路1号', contact: '0459-1234567', sealAttested: true };
const facts = { facts: '该企业2025年发生质量事故', evidence: '事故通报复印件' };

/**
 * The harness answers every `computeDeadline` to the cycle; an application's own (a supplement's
 * deadline) is answered here, as the activity would, to the application that asked.
 */
function answerApplicationDeadlines(w: World, from: number): void {
  for (const { from: machine, effect } of w.effects('computeDeadline', from)) {
    if (!machine.startsWith('app:')) continue;
    const { key, start, duration } = effect.params as { key: string; start: number; duration: Duration };
    const { endsAt, lastDay } = deadlineFrom(start, duration, weekendsOnlyCalendar);
    w.sendApp(machine.slice('app:'.length), { type: 'DEADLINE_COMPUTED', key, endsAt, lastDay }, { id: 'calendar', role: SYSTEM_ROLE });
  }
}

function runCycle(policyKey: string): World {
  const policy = policyReads.original(policyKey);
  const w = new World(policyKey, { enforcesArticles: true, objectionContact: '某市质量奖办公室，电话0000-0000000' });
  const topTier = policy.tiers[0]!;
  const secondTier = policy.tiers[1];
  const candidates = CANDIDATE_CATEGORIES.map((category, i) => ({ id: `p${i + 1}`, category }));

  w.sendCycle({ type: 'ANNOUNCE' });
  for (const c of candidates) w.tick().apply(c.id, { category: c.category });
  w.tick().apply('np', { category: 'service', profile: nonProfitWithLoss });
  w.tick().apply('bad', { category: 'other', profile: failingProfile(policy) });
  w.tick().apply('bad2', { category: 'other', profile: { ...failingProfile(policy), ...absentProfile } });
  w.tick().apply('s', { category: 'service' });
  w.tick().apply('x', { category: 'service' });
  w.advanceTo(DEADLINE);
  expect(w.cycleView.stage).toBe('eligibilityReview');
  show(w, 'p1');

  // A supplement request where the policy has one (大庆第十三条), left to run to its reminder and deadline.
  const beforeSupplement = w.log.length;
  if (!tryApp(w, 's', { type: 'REQUEST_SUPPLEMENT', items: ['近三年财务审计报告'] })) {
    answerApplicationDeadlines(w, beforeSupplement);
    w.advanceTo(w.now + 30 * DAY);
    tryApp(w, 's', { type: 'SUPPLEMENT_RETURNED', note: '已补充' }, applicant('s'));
  }
  show(w, 's');
  // Service levels run while the office reviews; let them lapse.
  w.advanceTo(w.now + 40 * DAY);
  show(w);
  tryApp(w, 'bad', { type: 'RECORD_ELIGIBILITY', eligible: true });
  for (const id of [...candidates.map((c) => c.id), 'np', 'bad', 'bad2', 's', 'x']) tryApp(w, id, { type: 'RECORD_ELIGIBILITY' });
  expect(w.app('bad').view.stage).toBe('ineligible');

  while (stageOf(w) !== 'materialReview') {
    if (stageOf(w).startsWith('acceptancePublicity')) w.advanceTo(w.ctx.deadlines.acceptancePublicity!);
    else w.sendCycle({ type: 'ADVANCE_STAGE' });
  }
  const inReview = [...candidates.map((c) => c.id), 'np', 's', 'x'].filter((id) => w.app(id).view.stage === 'eligible');
  tryApp(w, 'p1', { type: 'DECLARE_CONFLICT', reviewerId: 'r9', note: '曾任该企业顾问' }, reviewer('r9'));
  tryApp(w, 'p1', { type: 'ASSIGN_REVIEWER', reviewerId: 'r9', phase: 'material' });
  tryApp(w, 'x', { type: 'DISQUALIFY', reason: '申报材料弄虚作假' });
  inReview.forEach((id, i) => {
    if (id === 'x') return;
    w.sendApp(id, { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
    w.sendApp(id, { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheetTotalling(900 - i * 10) }, reviewer('r1'));
  });
  w.advanceTo(w.now + 60 * DAY);
  show(w, 'p1');
  const notAdvanced = inReview.filter((id) => id !== 'x').at(-1)!;
  w.checkApp(notAdvanced, { type: 'NOT_ADVANCE' });
  w.sendApp(notAdvanced, { type: 'NOT_ADVANCE', reasons: ['材料评审得分未达到现场评审要求'] });
  const onSite = inReview.filter((id) => id !== 'x' && id !== notAdvanced);
  for (const id of onSite) w.sendApp(id, { type: 'ADVANCE' });
  w.sendCycle({ type: 'ADVANCE_STAGE' });
  onSite.forEach((id, i) => {
    w.sendApp(id, { type: 'ASSIGN_REVIEWER', reviewerId: 'r2', phase: 'onSite' });
    w.sendApp(id, { type: 'SUBMIT_SCORE', reviewerId: 'r2', phase: 'onSite', scores: sheetTotalling(900 - i * 10) }, reviewer('r2'));
  });
  w.advanceTo(w.now + 60 * DAY);
  show(w, 'p1');
  for (const id of onSite) w.sendApp(id, { type: 'CONCLUDE_ON_SITE' });
  while (stageOf(w) !== 'deliberation') {
    w.sendCycle({ type: 'ADVANCE_STAGE' });
    show(w);
  }

  // Proposals the rules refuse: over the quota, over a cap, an ineligible, a disqualified, a failed vote, a vacancy.
  const vote = { membersPresent: 9, for: 7, against: 1, abstaining: 1 };
  const ranked = onSite.filter((id) => id.startsWith('p'));
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { [topTier.id]: ranked.slice(0, topTier.quota.max + 1) }, vote });
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { [topTier.id]: ranked.slice(0, topTier.quota.max + 1) }, vote, quotaExceptions: { [topTier.id]: '第六名与第五名得分相同' } });
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { [topTier.id]: ['p1', 'p3', 'p5', 'p6'] }, vote });
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { [topTier.id]: ['bad', 'x', 'nobody'] }, vote });
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { [topTier.id]: ['p1'] } });
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { [topTier.id]: ['p1'] }, vote: { membersPresent: 9, for: 4, against: 4, abstaining: 1 } });
  w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: {}, vote });

  const [first, second, third] = ranked as [string, string, string];
  const proposal = secondTier && secondTier.quota.max > 0 ? { [topTier.id]: [first, second], [secondTier.id]: [third] } : { [topTier.id]: [first, second, third] };
  w.sendCycle({ type: 'PROPOSE_WINNERS', proposal, vote }, committee);
  expect(w.cycleView.stage).toBe('publicity.running');

  // Objections: refused forms, then one dismissed, one upheld, one left to the evidence deadlines.
  w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'anon', against: first, facts: '匿名来信' });
  w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'half', against: first, objector: { kind: 'person', realName: '李四' }, realName: '李四', ...facts });
  w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'unit', against: first, objector: { ...organisationObjector, sealAttested: false }, ...facts });
  const file = (objectionId: string, against: string, objector: object) =>
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId, against, objector, realName: '张三', contact: '13800000000', ...facts }, applicant('objector'));
  file('o1', first, personObjector);
  file('o2', second, organisationObjector);
  file('o3', third, personObjector);
  file('o4', first, personObjector);
  // Acceptance reminders and deadlines (大庆第二十二条) fire before the office acts.
  w.advanceTo(w.now + 3 * DAY);
  const accept = (id: string) => {
    if (w.ctx.objections[id]!.status === 'pendingAcceptance') w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: id, reason: '材料齐全', evidenceWithin: { amount: 2, unit: 'calendarDays' } });
  };
  for (const id of ['o1', 'o2', 'o3']) accept(id);
  if (w.ctx.objections.o4!.status === 'pendingAcceptance') w.sendCycle({ type: 'REFUSE_OBJECTION', objectionId: 'o4', reason: '与o1重复' });
  for (const id of ['o1', 'o2']) for (const party of ['objector', 'candidate']) tryCycle(w, { type: 'SUBMIT_EVIDENCE', objectionId: id, party });
  tryCycle(w, { type: 'SUBMIT_EVIDENCE', objectionId: 'o3', party: 'objector' });
  w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: false, reason: '经核实事故系供应商责任' }, committee);
  w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o2', upheld: true, reason: '经核实事故属实' }, committee);
  if (w.ctx.objections.o4!.status === 'underInvestigation') w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o4', upheld: false, reason: '与o1重复' }, committee);
  w.advanceTo(w.now + 5 * DAY);
  if (w.ctx.objections.o3!.status === 'underInvestigation') w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o3', upheld: false, reason: '未发现问题' }, committee);
  show(w, first);
  w.advanceTo(w.ctx.deadlines.publicity!);
  expect(w.cycleView.stage).toBe('approval');
  show(w, first);

  // Approval, confirming by name a candidate whose objection was dismissed (瀍河第十九条).
  const approve = { type: 'APPROVE', decisionRef: '政府常务会议纪要〔2026〕9号' };
  if (tryCycle(w, approve)) {
    const confirmations = Object.fromEntries(Object.values(w.ctx.objections).filter((o) => o.status === 'dismissed').map((o) => [o.against, true]));
    w.sendCycle({ ...approve, confirmations });
  }
  expect(w.cycleView.stage).toBe('awarded');
  show(w, first);
  w.advanceTo(w.now + 400 * DAY);
  w.sendCycle({ type: 'CLOSE' });
  expect(w.cycleView.stage).toBe('closed');
  return w;
}

/**
 * An organisation's standing after the award (issue 12): a nomination and then the award where the
 * policy has both, reminders and due dates over a year, a report submitted, weeks overdue, bonuses,
 * a sanction, and the question whether it may apply again.
 */
function runStanding(policyKey: string): void {
  const real = policyReads.original(policyKey);
  const [top, second] = real.tiers;
  const system: Actor = { id: 'cycle', role: SYSTEM_ROLE };
  let now = china('2024-12-18T10:00:00');
  let state: DurableState = start(standing, { policyKey, orgId: 'w', organisationName: '某某质量有限公司', contacts: ['quality@org.example.cn'] }, now).state;
  const ctx = () => state.snapshot.context as StandingContext;
  const send = (event: MachineEvent, actor: Actor = office) => {
    if (!check(standing, state, event, now, actor)) state = apply(standing, state, event, now, actor).state;
  };
  const advanceTo = (at: number) => {
    for (let timer = dueTimers(state, at)[0]; timer; timer = dueTimers(state, at)[0]) {
      now = Math.max(now, timer.dueAt);
      state = fire(standing, state, timer, now).state;
    }
    now = Math.max(now, at);
  };

  if (second) send({ type: 'AWARD_RECORDED', cycle: 2024, tierId: second.id, awardedAt: now }, system);
  now = china('2026-12-18T10:00:00');
  send({ type: 'AWARD_RECORDED', cycle: 2026, tierId: top!.id, awardedAt: now, contacts: ['quality@org.example.cn'] }, system);
  advanceTo(china('2027-12-18T12:00:00'));
  const report = ctx().duties.find((d) => d.kind === 'annual-report' && d.status === 'open');
  if (report) send({ type: 'SUBMIT_REPORT', dutyId: report.id, fileRef: 'files/report.pdf' }, applicant('w'));
  advanceTo(now + 30 * DAY);
  for (const event of EXTERNAL_AWARDS) send({ type: 'RECORD_BONUS', bonusId: event, award: event, on: '2027-06-01' });
  const cause = real.revocation.causes.find((c) => c.stage === 'after-award');
  if (cause) send({ type: 'RECORD_SANCTION', sanctionId: 's1', causeId: cause.id, cycle: 2026, occurredOn: '2027-03-01', decidedOn: '2028-03-01', serious: true, reason: '经查证属实' });
  advanceTo(now + 400 * DAY);
  mayApplyNow(ctx(), loadPolicy(policyKey), 2030, '2030-05-01');
  presentStanding(ctx());
}

/** The pure rules of workflows/policy, with inputs that take each of their branches. */
function runPureRules(policyKey: string): void {
  const real = policyReads.original(policyKey);
  const policy = loadPolicy(policyKey);
  const asOf = '2026-06-30';

  for (const profile of [goodProfile(real), goodProfile(real, failingProfile(real)), goodProfile(real, { ...failingProfile(real), ...absentProfile }), goodProfile(real, nonProfitWithLoss)]) {
    checkEligibility(policy, profile, { cycle: 2026, asOf });
  }
  attestationCriteria(policy);
  eligibilityArticles(policy);

  const tierIds = real.tiers.map((t) => t.id);
  const ranked: AllocationCandidate[] = [
    ...tierIds.map((t, i) => ({ id: `holder-${t}`, category: INDUSTRY_CATEGORIES[i]!, eligible: true, priorTiers: [t] })),
    ...INDUSTRY_CATEGORIES.flatMap((category) => [1, 2, 3, 4].map((n) => ({ id: `${category}-${n}`, category, eligible: true }))),
    { id: 'ineligible', category: 'service', eligible: false },
    { id: 'disqualified', category: 'service', eligible: true, disqualified: true },
    { id: 'unqualified', category: 'service', eligible: true, qualifiedTiers: [] },
  ];
  allocateTiers(policy, ranked);
  for (const tier of real.tiers) {
    validateProposal(policy, ranked, { [tier.id]: ranked.slice(0, tier.quota.max + 4).map((c) => c.id), unknown: ['x'] });
    validateProposal(policy, ranked, { [tier.id]: ['ineligible', 'disqualified', 'unqualified', 'nobody', ...tierIds.map((t) => `holder-${t}`)] });
    prizeForOutcome(policy, { tierId: tier.id, priorTiers: [] });
    prizeForOutcome(policy, { tierId: tier.id, priorTiers: [tier.id] });
    prizeForOutcome(policy, { tierId: tier.id, priorTiers: tierIds.filter((t) => t !== tier.id) });
  }
  for (const event of EXTERNAL_AWARDS) bonusForExternalAward(policy, { event, heldTiers: tierIds });

  const awardedOn = '2026-12-20';
  validityPeriod(policy, awardedOn);
  isAwardValidOn(policy, awardedOn, '2027-06-01');
  annualReportSchedule(policy, awardedOn);
  recordsRetainedThrough(policy, awardedOn);

  const cycle = cycleOnOrAfter(policy, 2026);
  nextCycleAfter(policy, '2026-12-31');
  const causes = real.revocation.causes;
  mayApply(policy, {
    cycle: cycle + real.cycle.periodYears,
    applicationDate: `${cycle + real.cycle.periodYears}-05-01`,
    history: {
      awards: tierIds.map((tierId) => ({ tierId, cycle, awardedOn })),
      sanctions: causes.map((c) => ({ causeId: c.id, cycle: cycle + real.cycle.periodYears, decidedOn: `${cycle + 1}-03-01`, serious: true })),
    },
  });
  mayApply(policy, { cycle, applicationDate: `${cycle}-05-01`, history: { awards: tierIds.map((tierId) => ({ tierId, cycle: cycle - 2 * real.cycle.periodYears, awardedOn: '2020-12-01' })), sanctions: [] } });
  for (const cause of causes) {
    const after = cause.stage === 'after-award';
    revocationConsequences(policy, {
      causeId: cause.id,
      ...(after ? { tierId: cause.appliesToTiers[0]!, awardedOn } : {}),
      occurredOn: after ? '2027-03-01' : '2026-03-01',
      decidedOn: '2027-06-01',
      serious: true,
      paidCny: 100_000,
    });
  }

  for (const written of [true, false]) for (const realName of [true, false]) for (const evidenceProvided of [true, false]) {
    checkObjectionAdmissibility(policy, { written, realName, evidenceProvided });
  }
  objectionAcceptanceDuration(policy);
  missedEvidenceOutcome(policy, 'candidate');
  missedEvidenceOutcome(policy, 'objector');

  for (const kind of REVIEW_STEP_KINDS) reviewStep(policy, kind);
  reviewStepKinds(policy);
  periodDeadline(publicityPeriod(policy), china('2026-11-02T10:00:00'), weekendsOnlyCalendar);
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

const declared = new Map<string, Set<string>>();

beforeAll(async () => {
  for (const key of POLICY_KEYS) {
    loadPolicy(key);
    declared.set(key, declaredPaths(policyReads.original(key)));
  }
  policyReads.phase = 'behaviour';
  try {
    views = await import('../../api/awards/shared/views.js');
    for (const key of POLICY_KEYS) {
      runCycle(key);
      runStanding(key);
      runPureRules(key);
    }
  } finally {
    policyReads.phase = 'off';
  }
  policyReads.during('docs', () => renderPolicyTable(POLICY_KEYS.map((key) => loadPolicy(key))));
});

const listing = (rows: Array<[policy: string, path: string]>) => rows.map(([policy, path]) => `${policy.padEnd(14)} ${path}`);

describe('policy fields (issue 11: every declared article is enforced)', () => {
  it('every declared field is read by the code that decides or tells users something, unless it is documentation', () => {
    const unread: Array<[string, string]> = [];
    for (const key of POLICY_KEYS) {
      const read = policyReads.readIn('behaviour', key);
      for (const path of declared.get(key)!) if (!read.has(path) && !isDocumentation(path)) unread.push([key, path]);
    }
    expect(listing(unread), 'declared but never read: enforce the rule, or allowlist it as documentation with a reason').toEqual([]);
  });

  it('every field allowed as documentation is shown in docs/policies.md', () => {
    const hidden: Array<[string, string]> = [];
    for (const key of POLICY_KEYS) {
      const shown = policyReads.readIn('docs', key);
      for (const path of declared.get(key)!) if (isDocumentation(path) && !shown.has(path)) hidden.push([key, path]);
    }
    expect(listing(hidden), 'documentation that the docs table does not show: render it in workflows/policy/docs-table.ts').toEqual([]);
  });

  it('the recorder names paths by array position or kind, and sees reads below arrays and through array methods', () => {
    const policy = { key: 'p', tiers: [{ id: 'a', quota: { max: 1 } }], steps: [{ kind: 'vote', setBy: 'office' }, { kind: 'publicity' }], honours: ['奖牌'], validity: null, caps: [] };
    expect([...declaredPaths(policy)].sort()).toEqual(['caps', 'honours', 'key', 'steps[kind=publicity].kind', 'steps[kind=vote].kind', 'steps[kind=vote].setBy', 'tiers[].id', 'tiers[].quota.max', 'validity'].sort());
    const reads = new PolicyReads();
    const tracked = reads.policy(policy as unknown as Policy) as unknown as typeof policy;
    reads.during('behaviour', () => {
      tracked.tiers.map((t) => t.quota.max);
      tracked.steps.find((s) => s.kind === 'vote');
      void tracked.validity;
    });
    void tracked.honours; // not counted: no phase
    expect([...reads.readIn('behaviour', 'p')].filter((path) => declaredPaths(policy).has(path)).sort()).toEqual(
      ['steps[kind=vote].kind', 'tiers[].quota.max', 'validity'].sort(),
    );
  });

  it('every allowlist entry matches a declared field', () => {
    const all = [...declared.values()].flatMap((s) => [...s]);
    expect(DOCUMENTATION.filter((_, i) => !all.some((p) => DOC_RES[i]!.test(p))).map(([pattern]) => pattern)).toEqual([]);
  });
});
