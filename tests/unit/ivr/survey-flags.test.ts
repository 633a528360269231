import { describe, expect, it } from 'vitest';
import { surveyFlags, type SurveyFlagInput } from '../../../src/survey/survey-flags.ts';

const fair: SurveyFlagInput = {
  facts: { endReason: 'agent-hangup', memberInterface: 'PJSIP/1002', fromRecord: false },
  memberInterfaceArg: 'PJSIP/1002',
  answeredSeconds: 95,
  shortCallSeconds: 10,
  operatorKnown: true,
};

/** Why a rating may not be a fair verdict on the operator it is credited to. */
describe('surveyFlags', () => {
  it('a queue call the operator ended after a real conversation is fair', () => {
    expect(surveyFlags(fair)).toEqual([]);
  });

  it('short-call: the operator hung up within the first seconds', () => {
    expect(surveyFlags({ ...fair, answeredSeconds: 4 })).toEqual(['short-call']);
    expect(surveyFlags({ ...fair, answeredSeconds: 10 })).toEqual([]);
    expect(surveyFlags({ ...fair, answeredSeconds: null })).toEqual([]);
  });

  it('hand-transfer: no AgentComplete by the agent (a transfer, or never answered)', () => {
    expect(surveyFlags({ ...fair, facts: { ...fair.facts, endReason: 'transferred' } })).toEqual(['hand-transfer']);
    expect(surveyFlags({ ...fair, facts: { ...fair.facts, endReason: null } })).toEqual(['hand-transfer']);
  });

  it('hand-transfer: the Stasis arguments name another member than the one who talked last, or none', () => {
    expect(surveyFlags({ ...fair, memberInterfaceArg: 'PJSIP/1001' })).toEqual(['hand-transfer']);
    expect(surveyFlags({ ...fair, memberInterfaceArg: '' })).toEqual(['hand-transfer']);
  });

  it('unknown-operator, and unverified when only a record that never saw the leg end is left', () => {
    expect(surveyFlags({ ...fair, operatorKnown: false })).toEqual(['unknown-operator']);
    expect(
      surveyFlags({ ...fair, facts: { endReason: null, memberInterface: 'PJSIP/1002', fromRecord: true } }),
    ).toEqual(['unverified']);
    expect(surveyFlags({ ...fair, facts: { ...fair.facts, fromRecord: true } })).toEqual([]);
  });
});
