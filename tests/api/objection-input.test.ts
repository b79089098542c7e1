/**
 * 大庆第二十一条 at the API's edge: an objection's identity is checked field by field before any
 * workflow is asked (Temporal is unreachable here), and identity numbers are shown masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentCycle } from '../../api/awards/shared/views';
import type { CycleContext } from '../../workflows/machines/cycle';
import { startApiAlone, type ApiAlone } from '../support/api-alone';

const secret = 'objection-input-secret-0123456789-abcdefghij';
let alone: ApiAlone;

beforeAll(async () => {
  alone = await startApiAlone(secret, 'objection-input');
});

afterAll(async () => {
  await alone?.stop();
});

const path = (policyKey: string) => `/cycles/${policyKey}/2026/actions/file-objection`;
const person = { kind: 'person', realName: '李四', idNumber: '11010519491231002X', contact: '13800000000' };
const base = { against: 'org-a', facts: '公示材料与事实不符', evidence: '抽检报告复印件' };

async function fileAs(policyKey: string, body: unknown) {
  return alone.call('POST', path(policyKey), { token: alone.token('office'), body });
}

describe('大庆第二十一条: objection forms at the API', () => {
  it('names each field a person or an organisation left out, with the article', async () => {
    const anonymous = await fileAs('daqing-2018', { ...base, realName: '李四', contact: '138' });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.objector' });
    expect(anonymous.body.message).toContain('第二十一条');

    const noId = await fileAs('daqing-2018', { ...base, objector: { kind: 'person', realName: '李四' } });
    expect(noId.status).toBe(400);
    expect(noId.body.issues.map((i: { field: string }) => i.field)).toEqual(['body.objector.idNumber', 'body.objector.contact']);

    const organisation = await fileAs('daqing-2018', { ...base, objector: { kind: 'organisation', name: '某协会', contact: '0459-1234567' } });
    expect(organisation.body.issues.map((i: { field: string }) => i.field)).toEqual(['body.objector.address', 'body.objector.sealAttested']);
  });

  it('checks an identity number by its check digit under every policy', async () => {
    for (const policyKey of ['daqing-2018', 'ganzhou-2022']) {
      const res = await fileAs(policyKey, { ...base, objector: { ...person, idNumber: '110105194912310021' } });
      expect(res.status, policyKey).toBe(400);
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'body.objector.idNumber', message: expect.stringContaining('校验位') })]);
      expect(JSON.stringify(res.body)).not.toContain('110105194912310021');
    }
  });

  it('shows staff an identity number by its last four characters only, and applicants no objections', () => {
    const context = {
      policyKey: 'daqing-2018',
      year: 2026,
      applicationDeadline: 0,
      deadlines: {},
      startedAt: {},
      removed: [],
      applications: {},
      objections: { o1: { id: 'o1', against: 'org-a', tierId: 'award', objector: person, facts: 'x', filedAt: 0, status: 'pendingAcceptance', evidenceSubmitted: {} } },
    } as unknown as CycleContext;
    const state = { workflowId: 'cycle/daqing-2018/2026', machine: 'cycle', stage: 'publicity.running', context, allowedEvents: [], permissions: {} } as never;
    const counts = { total: 0, byStatus: {} };
    const office = presentCycle(state, { id: 'office-1', role: 'office' } as never, counts);
    const shown = (office.context as CycleContext).objections.o1!.objector as { idNumber: string };
    expect(shown.idNumber).toBe('**************002X');
    expect(JSON.stringify(office)).not.toContain(person.idNumber);
    const applicant = presentCycle(state, { id: 'u', role: 'applicant', org: 'org-b' } as never, counts);
    expect((applicant.context as CycleContext).objections).toEqual({});
  });
});
