import { describe, expect, it } from 'vitest';
import { outcomeOfDialStatus, outcomeOfReason } from '../../../src/outbound/index.ts';
import { nationalNumber, originateFields } from '../../../src/outbound/originate.ts';

describe('the Originate an outbound attempt sends', () => {
  const base = { callId: '7', phone: '+989121234567', ariApp: 'cti137', callerId: '137', timeoutMs: 40_000 };

  it('IVR target: the trunk, Stasis with the app name then the args, our ChannelId and variable', () => {
    const f = originateFields({
      ...base,
      target: { kind: 'stasis', args: ['feedback', '42'] },
      operatorInterface: null,
      channelId: 'cti137-out-7-1',
    });
    expect(f).toEqual({
      Async: 'true',
      ChannelId: 'cti137-out-7-1',
      Timeout: 40_000,
      Variable: 'CTI137_OUTBOUND=7',
      Channel: 'PJSIP/09121234567@trunk',
      Application: 'Stasis',
      Data: 'cti137,feedback,42',
      CallerID: '"137" <137>',
    });
  });

  it("operator first: the operator's phone, then [cti137-outbound] dials the national number", () => {
    const f = originateFields({
      ...base,
      target: { kind: 'operator', operatorId: '3' },
      operatorInterface: 'PJSIP/1003',
      channelId: 'cti137-out-7-2',
    });
    expect(f).toMatchObject({
      Channel: 'PJSIP/1003',
      Context: 'cti137-outbound',
      Exten: '09121234567',
      Priority: 1,
      Variable: 'CTI137_OUTBOUND=7,CTI137_CALLERID=137',
    });
    expect(f).not.toHaveProperty('Application');
  });

  it('national numbers for the trunk', () => {
    expect(nationalNumber('+982188776655')).toBe('02188776655');
  });

  it('OriginateResponse Reason and DialEnd DialStatus as Asterisk 22 reports them', () => {
    expect([4, 5, 3, 0, 1, 8].map(outcomeOfReason)).toEqual([
      'answered',
      'busy',
      'no-answer',
      'failed',
      'failed',
      'failed',
    ]);
    expect(['ANSWER', 'BUSY', 'NOANSWER', 'CONGESTION', 'CHANUNAVAIL'].map(outcomeOfDialStatus)).toEqual([
      'answered',
      'busy',
      'no-answer',
      'failed',
      'failed',
    ]);
  });
});
