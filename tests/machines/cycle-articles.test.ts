/**
 * The cycle's side of issue 11: articles the policies declare and the cycle now enforces, for
 * cycles started since (`enforcesArticles`); cycles started before keep their old behaviour.
 */
import { describe, expect, it } from 'vitest';
import { cycle, serviceLevelStatus, type NotifyObjectorParams } from '../../workflows/machines/cycle';
import { china, weekendsOnlyCalendar } from '../policy/fixtures';
import { World, committee, expectRefused, throughEligibility, throughReviews } from './harness';

const ENFORCED = { enforcesArticles: true };

function inDeliberation(policyKey: string, orgs: string[], input = ENFORCED): World {
  const w = throughEligibility(new World(policyKey, input), orgs.map((id) => ({ id })));
  throughReviews(w, Object.fromEntries(orgs.map((id, i) => [id, 900 - i * 10])));
  expect(w.cycleView.stage).toBe('deliberation');
  return w;
}

const carried = { membersPresent: 9, for: 5, against: 3, abstaining: 1 };

const person = { kind: 'person', realName: '李四', idNumber: '11010519491231002X', contact: '13800000000', email: 'lisi@example.com' } as const;
const filing = { objectionId: 'o1', against: 'a', objector: person, facts: '该企业2025年发生质量事故', evidence: '事故通报复印件' };

function letters(w: World, from = 0): NotifyObjectorParams[] {
  return w.effects('notifyObjector', from).map((l) => l.effect.params as NotifyObjectorParams);
}

describe('瀍河第十八条: the committee votes on the proposed winners', () => {
  it('refuses a proposal without a vote record, with a miscounted one, or one that did not carry, and changes nothing', () => {
    const w = inDeliberation('chanhe-2021', ['a', 'b']);
    const proposal = { award: ['a'] };
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal }), 'VOTE_REQUIRED', '审议表决', '第十八条');
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal, vote: { ...carried, abstaining: 2 } }), 'VOTE_INVALID', '应等于出席人数9');
    expectRefused(
      w.checkCycle({ type: 'PROPOSE_WINNERS', proposal, vote: { membersPresent: 9, for: 4, against: 4, abstaining: 1 } }),
      'VOTE_NOT_CARRIED',
      '出席委员过半数同意',
      '第十八条',
    );
    expect(w.cycleView.stage).toBe('deliberation');
    expect(w.ctx.vote).toBeUndefined();
  });

  it('records the vote with the threshold the policy sets and prints it in the proposed-winners notice', () => {
    const w = inDeliberation('chanhe-2021', ['a', 'b']);
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] }, vote: carried }, committee);
    expect(w.cycleView.stage).toBe('publicity.running');
    expect(w.ctx.vote).toEqual({ ...carried, threshold: 'more-than-half-of-present', article: '第十八条', at: expect.any(Number) });
    expect(w.published().at(-1)!.body).toContain('审议表决：出席9人，赞成5人，反对3人，弃权1人，达到出席委员过半数同意的要求（第十八条）');
  });

  it('asks no vote where the policy has none, nor of cycles started before the articles were enforced', () => {
    inDeliberation('ganzhou-2022', ['a', 'b']).sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    const old = inDeliberation('chanhe-2021', ['a', 'b'], { enforcesArticles: false });
    old.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    expect(old.cycleView.stage).toBe('publicity.running');
  });
});

describe('瀍河第十九条: only candidates that passed publicity without objection go to approval unconfirmed', () => {
  function dismissedAgainst(orgId: string): World {
    const w = inDeliberation('chanhe-2021', ['a', 'b', 'c']);
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a', 'b'] }, vote: carried }, committee);
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: orgId, realName: '张三', contact: '138', facts: '质量事故' });
    w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: false, reason: '经核实不属实' }, committee);
    w.advanceTo(w.ctx.deadlines.publicity!);
    expect(w.cycleView.stage).toBe('approval');
    return w;
  }

  it('refuses an approval that does not say whether a candidate objected to (and the objection dismissed) is confirmed', () => {
    const w = dismissedAgainst('a');
    expectRefused(w.checkCycle({ type: 'APPROVE' }), 'OBJECTED_CANDIDATES_UNCONFIRMED', 'a', '经公示没有异议', '第十九条');
    expectRefused(w.checkCycle({ type: 'APPROVE', confirmations: { b: true } }), 'CONFIRMATIONS_INVALID', 'b不在其列');
    expect(w.cycleView.stage).toBe('approval');
  });

  it('awards a confirmed candidate and not an unconfirmed one, saying why in the results notice', () => {
    const confirmed = dismissedAgainst('a');
    confirmed.sendCycle({ type: 'APPROVE', decisionRef: '常务会纪要', confirmations: { a: true } });
    expect(confirmed.app('a').view.stage).toBe('awarded');
    expect(confirmed.ctx.approval!.confirmations).toEqual({ a: true });

    const unconfirmed = dismissedAgainst('a');
    unconfirmed.sendCycle({ type: 'APPROVE', confirmations: { a: false } });
    expect(unconfirmed.ctx.winners!.award).toEqual(['b']);
    expect(unconfirmed.app('a').view.stage).toBe('notAwarded');
    expect(unconfirmed.app('b').view.stage).toBe('awarded');
    expect(unconfirmed.published().at(-1)!.body).toContain('a质量有限公司（公示期间被提出异议，区政府常务会审定时未予确认（第十九条））');
  });

  it('needs no confirmation without objections, and other policies never ask for one', () => {
    const w = inDeliberation('chanhe-2021', ['a', 'b']);
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] }, vote: carried }, committee);
    w.advanceTo(w.ctx.deadlines.publicity!).sendCycle({ type: 'APPROVE' });
    expect(w.app('a').view.stage).toBe('awarded');

    const g = inDeliberation('ganzhou-2022', ['a', 'b']);
    g.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    g.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', facts: '质量事故' });
    g.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: false, reason: '不属实' }, committee);
    g.advanceTo(g.ctx.deadlines.publicity!).sendCycle({ type: 'APPROVE' });
    expect(g.app('a').view.stage).toBe('awarded');
  });
});

describe('大庆第五条: quotas are limits in principle', () => {
  const six = ['a', 'b', 'c', 'd', 'e', 'f'];

  it('refuses a proposal over the quota without a reason, naming how to give one', () => {
    const w = inDeliberation('daqing-2018', six);
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: six } }), 'PROPOSAL_INVALID', '超过每届5个的名额', 'quotaExceptions');
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: six }, quotaExceptions: { award: ' ' } }), 'REASON_REQUIRED');
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: six.slice(0, 5) }, quotaExceptions: { award: '理由' } }), 'PROPOSAL_INVALID', '无须写明超出理由');
  });

  it('lets the committee exceed it with a recorded reason that both notices state', () => {
    const w = inDeliberation('daqing-2018', six);
    const reason = '第六家企业得分与第五家相同，且均为本市重点产业龙头';
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: six }, quotaExceptions: { award: reason } }, committee);
    expect(w.ctx.quotaExceptions).toEqual({ award: { reason, proposed: 6, max: 5, article: '第五条' } });
    const line = `政府质量奖原则上每届不超过5个，本届拟授6个，超出名额的理由：${reason}（第五条）。`;
    expect(w.published().at(-1)!.body).toContain(line);
    w.advanceTo(w.ctx.deadlines.publicity!).sendCycle({ type: 'APPROVE' });
    expect(w.ctx.winners!.award).toHaveLength(6);
    expect(w.published().at(-1)!.body).toContain(line);
  });

  it('keeps a hard quota hard where the policy says so (赣州第六条)', () => {
    const w = inDeliberation('ganzhou-2022', six);
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: six }, quotaExceptions: { award: '理由' } }), 'QUOTA_NOT_EXCEEDABLE', '不得超出', '第六条');
  });
});

describe('大庆第二十一条: an objection names its objector as the text requires', () => {
  function inPublicity(input = ENFORCED): World {
    const w = inDeliberation('daqing-2018', ['a', 'b'], input);
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    return w;
  }

  it('refuses a person without real name, a valid ID number or contact, and an organisation without address or seal, field by field', () => {
    const w = inPublicity();
    const { objector: _o, ...anonymous } = filing;
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', ...anonymous, realName: '李四', contact: '138' }), 'OBJECTION_INADMISSIBLE', 'objector', '匿名', '第二十一条');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', ...filing, objector: { ...person, idNumber: undefined } }), 'OBJECTION_INADMISSIBLE', 'objector.idNumber', '身份证号码');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', ...filing, objector: { ...person, idNumber: '110105194912310021' } }), 'OBJECTION_INADMISSIBLE', '校验位');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', ...filing, objector: { ...person, contact: '' } }), 'OBJECTION_INADMISSIBLE', 'objector.contact');
    const organisation = { kind: 'organisation', name: '某协会', address: '大庆市萨尔图区', contact: '0459-1234567' };
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', ...filing, objector: organisation }), 'OBJECTION_INADMISSIBLE', 'objector.sealAttested', '公章');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', ...filing, objector: { ...organisation, address: undefined, sealAttested: true } }), 'OBJECTION_INADMISSIBLE', 'objector.address', '住所');
    expect(w.ctx.objections).toEqual({});
    w.sendCycle({ type: 'FILE_OBJECTION', ...filing, objectionId: 'o2', objector: { ...organisation, sealAttested: true } });
    w.sendCycle({ type: 'FILE_OBJECTION', ...filing });
    expect(w.ctx.objections.o1!.objector).toEqual(person);
  });

  it('keeps the identity out of every notice', () => {
    const w = inPublicity();
    w.sendCycle({ type: 'FILE_OBJECTION', ...filing });
    w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 3, unit: 'calendarDays' } });
    w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: false, reason: '经核实不属实' }, committee);
    w.advanceTo(w.ctx.deadlines.publicity!).sendCycle({ type: 'APPROVE' });
    const published = w.effects('publishNotice').map((l) => JSON.stringify(l.effect.params));
    for (const params of published) {
      expect(params).not.toContain(person.idNumber);
      expect(params).not.toContain(person.realName);
    }
    expect(w.published().map((n) => n.body).join()).toContain('身份证号码');
    // The memo (readable with Temporal visibility) holds the number masked.
    const memo = JSON.stringify(cycle.present!(w.ctx as never));
    expect(memo).not.toContain(person.idNumber);
    expect(memo).toContain('**************002X');
  });

  it('accepts name and contact alone from cycles started before', () => {
    const w = inPublicity({ enforcesArticles: false });
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', realName: '李四', contact: '138', facts: '事故', evidence: '通报' });
    expect(w.ctx.objections.o1).toBeDefined();
  });
});

describe('大庆第二十二条 and 第二十四条: the objector gets a written receipt, and both parties the outcome', () => {
  function filed(): World {
    const w = inDeliberation('daqing-2018', ['a', 'b']);
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    w.sendCycle({ type: 'FILE_OBJECTION', ...filing });
    return w;
  }

  it('第二十二条: accepting an objection mails the objector a receipt, once, and records it', () => {
    const w = filed();
    const from = w.log.length;
    w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 3, unit: 'calendarDays' } });
    const [receipt, ...more] = letters(w, from);
    expect(more).toEqual([]);
    expect(receipt).toMatchObject({ email: person.email, against: 'a', objectionId: 'o1', subject: '异议受理凭证（编号o1）', article: '第二十二条' });
    expect(receipt!.body).toContain('李四：');
    expect(receipt!.body).toContain('{{unit}}');
    expect(receipt!.body).toContain('特此出具书面凭证');
    expect(receipt!.body).not.toContain(person.idNumber);
    expect(w.ctx.objections.o1!.letters).toEqual({ receipt: expect.any(Number) });
  });

  it('第二十二条: a refusal is written to the objector too', () => {
    const w = filed();
    const from = w.log.length;
    w.sendCycle({ type: 'REFUSE_OBJECTION', objectionId: 'o1', reason: '未提供证明材料原件' });
    expect(letters(w, from)).toEqual([expect.objectContaining({ subject: '异议不予受理告知书（编号o1）' })]);
    expect(letters(w, from)[0]!.body).toContain('理由：未提供证明材料原件');
  });

  it('第二十四条: the decision goes to the objector and, through its application, to the organisation objected to', () => {
    const w = filed();
    w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 3, unit: 'calendarDays' } });
    const from = w.log.length;
    w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: true, reason: '事故属实' }, committee);
    expect(letters(w, from)).toEqual([expect.objectContaining({ subject: '异议处理结果告知书（编号o1）', article: '第二十四条', email: person.email })]);
    expect(letters(w, from)[0]!.body).toContain('经联席会议审查决定：异议成立。理由：事故属实');
    const toUnit = w.effects('notifyApplicant', from).map((l) => l.effect.params as { subject: string; body: string; orgId: string });
    expect(toUnit).toEqual([expect.objectContaining({ orgId: 'a', subject: '异议处理结果告知书（编号o1）' })]);
    expect(toUnit[0]!.body).toContain('异议成立');
    // The letter reached the application before the removal ended it.
    expect(w.app('a').view.stage).toBe('notAwarded');
  });

  it('第二十四条: an outcome by default (a missed evidence deadline) is told to both parties as well', () => {
    const w = filed();
    w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 3, unit: 'calendarDays' } });
    const from = w.log.length;
    w.advanceTo(w.ctx.objections.o1!.evidenceDueAt ?? w.ctx.deadlines['objection-evidence:o1']!);
    expect(w.ctx.objections.o1!.status).toBe('withdrawn');
    expect(letters(w, from)[0]!.body).toContain('视为放弃异议');
    expect(w.effects('notifyApplicant', from)).toHaveLength(1);
  });

  it('writes no letters where the policy does not ask for them', () => {
    const w = inDeliberation('ganzhou-2022', ['a', 'b']);
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', facts: '事故' });
    w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: false, reason: '不属实' }, committee);
    expect(letters(w)).toEqual([]);
    expect(w.effects('notifyApplicant')).toEqual([]);
  });
});

describe('service levels of human steps', () => {
  const started = (w: World) => Object.keys(w.ctx.startedAt).filter((k) => k.startsWith('service-level:'));

  it('records when each review stage with one started; readers compute its due date and whether it is overdue', () => {
    const w = new World('daqing-2018', ENFORCED);
    throughEligibility(w, [{ id: 'a' }]);
    const status = serviceLevelStatus(w.ctx, 'eligibilityReview', w.now, weekendsOnlyCalendar)!;
    // 15 working days (office-set, 第十三条) from the close on 2026-06-30: the last day is 2026-07-21.
    expect(status).toMatchObject({ setBy: 'office', article: '第十三条', overdue: false, dueAt: china('2026-07-22T00:00:00') });
    expect(serviceLevelStatus(w.ctx, 'eligibilityReview', status.dueAt!, weekendsOnlyCalendar)!.overdue).toBe(true);
    throughReviews(w, { a: 900 });
    expect(started(w)).toEqual(['service-level:eligibilityReview', 'service-level:materialReview', 'service-level:onSiteReview']);
    // The cycle waits on none of them: no deadline is computed for them.
    expect(w.effects('computeDeadline').map((l) => (l.effect.params as { key: string }).key).filter((k) => k.startsWith('service-level'))).toEqual([]);
  });

  it('says why a due date is unknown when the calendar does not cover it', () => {
    const w = throughEligibility(new World('daqing-2018', ENFORCED), [{ id: 'a' }]);
    const uncovered = () => {
      throw new Error('工作日历未覆盖2026年');
    };
    const status = serviceLevelStatus(w.ctx, 'eligibilityReview', w.now, { ...weekendsOnlyCalendar, dayKind: uncovered, isWorkingDay: uncovered });
    expect(status).toMatchObject({ overdue: false, dueUnknown: '工作日历未覆盖2026年' });
    expect(status!.dueAt).toBeUndefined();
  });

  it('records none for cycles started before', () => {
    const w = throughEligibility(new World('daqing-2018'), [{ id: 'a' }]);
    expect(started(w)).toEqual([]);
  });
});
