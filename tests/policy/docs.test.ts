import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPolicyTable } from '../../workflows/policy/docs-table.js';
import { loadPolicy, POLICY_KEYS } from '../../workflows/policy/index.js';

describe('docs/policies.md', () => {
  it('is in sync with the policies (regenerate with `npx tsx scripts/generate-policy-table.ts`)', () => {
    const onDisk = readFileSync(join(__dirname, '../../docs/policies.md'), 'utf8');
    expect(onDisk).toBe(renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k))));
  });

  it('shows each jurisdiction with cited rules', () => {
    const md = renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k)));
    for (const k of POLICY_KEYS) expect(md).toContain(`\`${k}\``);
    expect(md).toContain('获奖组织间隔2届后（第二十七条）');
    expect(md).toContain('5个工作日内受理审查并出具书面凭证（第二十二条）');
  });

  // Issue 11: each article a policy declares has its line.
  it('shows what the articles of issue 11 declare', () => {
    const md = renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k)));
    // 瀍河第十八条: the vote, what carries it, and that the office set that share.
    expect(md).toContain('评委会审议表决（评委会；表决，出席委员过半数同意方为通过（通过比例原文未规定，由办公室设定），兼顾行业代表性）（第十八条）');
    // 大庆第二十一条: what a person and an organisation must give.
    expect(md).toContain('个人提出的须签署真实姓名、写明身份证号码、写明联系方式；单位提出的须写明单位名称、注明单位住所、注明联系方式、加盖本单位公章（第二十一条）');
    // 大庆第五条: quotas in principle and how they are exceeded; a hard quota elsewhere.
    expect(md).toContain('政府质量奖：每届原则上≤5个，可空缺（第五条）');
    expect(md).toContain('名额为原则性限额：评委会写明理由可以超出，理由在拟奖公示和结果公告中说明（第五条）');
    expect(md).toContain('市长质量奖：每届≤5个，可空缺（第六条）');
    // 大庆第十三条: the supplement request, its default deadline and the reminder.
    expect(md).toContain('材料不完整的通知补充，补充期限默认10个工作日、可由办公室逐件规定，届满前3日提醒）（第十三条）');
    // Service levels per step, and who set them.
    expect(md).toContain('| 办理时限 | 资格审查：15个工作日内完成（原文未规定，由办公室设定；逾期的标为超时，不影响评审结果）（第十七条）');
    expect(md).toContain('现场评审：30个工作日内完成（原文未规定，由办公室设定；逾期的标为超时，不影响评审结果）（第十五条）');
    // 瀍河第十九条 with the policy note's reading.
    expect(md).toContain('经公示没有异议的方可报批（第十九条）：经公示没有异议的拟奖单位，提交区政府常务会研究确定。解读：');
    expect(md).toContain('只有区政府常务会在审定时逐个写明予以确认，方可获奖');
    // 大庆第二十二条 written receipt, 第二十四条 the parties told.
    expect(md).toContain('收到异议后5个工作日内受理审查并出具书面凭证（第二十二条）');
    expect(md).toContain('联席会议决定，处理结果告知异议各方（第二十四条）');
    // 本溪第十五条: the recommendation at submission; 赣州 needs none.
    expect(md).toContain('提交申报时须附推荐意见（第十五条）');
    expect(md).toContain('提交申报时无须附推荐意见（第十七条）');
    // 瀍河第十一条 binds every applicant; 赣州's profit condition only those in production or business.
    expect(md).toContain('`no-loss` 近2年须无生产经营亏损情况（适用于全部申报单位）（第十一条）');
    expect(md).toContain('`profit` 从事生产、经营活动的组织须近2年持续盈利（仅适用于从事生产、经营活动的组织）（第十三条第（四）项）');
  });

  it('lists each policy’s notes with the article they explain', () => {
    const md = renderPolicyTable(POLICY_KEYS.map((k) => loadPolicy(k)));
    for (const k of POLICY_KEYS) expect(md).toContain(`### \`${k}\``);
    expect(md).toContain('- 申报条件 `no-loss`（第十一条）：原文对全部申报单位适用，未区分营利与非营利组织');
    expect(md).toContain('- 评委会审议表决·表决（第十八条）：通过现场展示或实地核查等形式审议表决；原文未规定通过比例');
  });
});
