import { afterEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { AmiTestClient, ctl, startTestEmulator } from '../../helpers/emulator-clients.ts';
import { waitFor } from '../../helpers/wait.ts';

// Hold, blind and attended transfers by an operator's phone, several queues, and a cut AMI link:
// the frames carry the fields of Asterisk 22 (stasis_bridges.c, chan_pjsip hold, app_queue).

let emu: Emulator | undefined;
const clients: AmiTestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await emu?.close();
  emu = undefined;
});

const QUEUES = [
  { name: 'q137', strategy: 'rrmemory' as const, timeoutSec: 60, retrySec: 2 },
  { name: 'q137hazard', strategy: 'ringall' as const, timeoutSec: 60, retrySec: 1 },
  { name: 'q137overflow', strategy: 'linear' as const, timeoutSec: 60, retrySec: 1 },
];

async function setup(members: Record<string, string[]> = { q137: ['1001', '1002'] }): Promise<AmiTestClient> {
  emu = await startTestEmulator({ queues: QUEUES });
  const ami = await AmiTestClient.login(emu.amiPort);
  clients.push(ami);
  for (const [queue, eps] of Object.entries(members)) {
    for (const ep of eps)
      await ami.action('QueueAdd', { Queue: queue, Interface: `PJSIP/${ep}`, MemberName: `Operator ${ep}` });
  }
  return ami;
}

const post = async (path: string, body?: unknown) => ctl(emu!.ariPort, 'POST', path, body);

/** A caller (no ARI app: Stasis fails over, straight into q137) talking to `ep`. */
async function talking(ami: AmiTestClient, ep: string): Promise<{ callId: string; agentLeg: string }> {
  const callId = (await post('/calls', { from: '09121234567', to: '137' })).json.channelId as string;
  await ami.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === callId && m.get('Interface') === `PJSIP/${ep}`);
  expect((await post(`/endpoints/${ep}/answer`)).status).toBe(200);
  const connect = await ami.waitEvent('AgentConnect', (m) => m.get('Uniqueid') === callId);
  return { callId, agentLeg: connect.get('DestChannel')! };
}

const keys = (m: AmiMessage) => m.fields.map(([k]) => k);

describe('operator phone features in the emulator', () => {
  it('hold and unhold: Hold/Unhold on the operator leg, music on hold on the caller', async () => {
    const ami = await setup();
    const { callId, agentLeg } = await talking(ami, '1001');
    expect((await post('/endpoints/1001/hold')).status).toBe(200);
    const h = await ami.waitEvent('Hold');
    expect([h.get('Channel'), h.get('Linkedid'), h.get('MusicClass')]).toEqual([agentLeg, callId, 'default']);
    expect(keys(h).slice(0, 4)).toEqual(['Event', 'Privilege', 'Timestamp', 'Channel']);
    const moh = await ami.waitEvent(
      'MusicOnHoldStart',
      (m) => m.get('Uniqueid') === callId && ami.messages.indexOf(m) > ami.messages.indexOf(h),
    );
    expect(moh.get('Class')).toBe('default');
    expect((await post('/endpoints/1001/hold')).status).toBe(409);
    expect((await post('/endpoints/1001/unhold')).status).toBe(200);
    const u = await ami.waitEvent('Unhold');
    expect(u.get('Channel')).toBe(agentLeg);
    expect(u.get('MusicClass')).toBeUndefined();
    await ami.waitEvent(
      'MusicOnHoldStop',
      (m) => m.get('Uniqueid') === callId && ami.messages.indexOf(m) > ami.messages.indexOf(u),
    );
    expect((await post('/endpoints/1003/hold')).status).toBe(409);
  });

  it('blind transfer to q137: BlindTransfer, AgentComplete transfer, the caller queues again and the next member answers', async () => {
    const ami = await setup();
    const { callId, agentLeg } = await talking(ami, '1001');
    const t = await post('/endpoints/1001/transfer', { to: 'q137' });
    expect(t.status).toBe(200);
    const bt = await ami.waitEvent('BlindTransfer');
    expect(keys(bt).slice(3, 5)).toEqual(['Result', 'TransfererChannel']);
    expect(bt.get('Result')).toBe('Success');
    expect([bt.get('TransfererChannel'), bt.get('TransfererLinkedid')]).toEqual([agentLeg, callId]);
    expect([bt.get('TransfereeUniqueid'), bt.get('TransfereeLinkedid')]).toEqual([callId, callId]);
    expect(bt.get('BridgeUniqueid')).toMatch(/^[0-9a-f-]{36}$/);
    // The phones' context and docker's transfer code for q137.
    expect([bt.get('IsExternal'), bt.get('Context'), bt.get('Extension')]).toEqual(['Yes', 'agents', '1370']);
    expect(keys(bt).slice(-3)).toEqual(['IsExternal', 'Context', 'Extension']);
    const done = await ami.waitEvent('AgentComplete', (m) => m.get('Uniqueid') === callId);
    expect([done.get('Reason'), done.get('Interface'), done.get('DestChannel')]).toEqual([
      'transfer',
      'PJSIP/1001',
      agentLeg,
    ]);
    await ami.waitEvent(
      'QueueCallerJoin',
      (m) => m.get('Uniqueid') === callId && ami.messages.indexOf(m) > ami.messages.indexOf(done),
    );
    await ami.waitEvent('AgentCalled', (m) => m.get('Uniqueid') === callId && m.get('Interface') === 'PJSIP/1002');
    expect((await post('/endpoints/1002/answer')).status).toBe(200);
    const again = await ami.waitEvent('AgentConnect', (m) => m.get('Interface') === 'PJSIP/1002');
    expect(again.get('Linkedid')).toBe(callId);
    expect((await post('/endpoints/1002/transfer', { to: 'nowhere' })).status).toBe(400);
  });

  it('blind transfer to a colleague: Dial with DialBegin/DialEnd, MEMBERINTERFACE names the colleague for the survey', async () => {
    const ami = await setup();
    const { callId } = await talking(ami, '1001');
    expect((await post('/endpoints/1001/transfer', { to: '1002' })).status).toBe(200);
    const begin = await ami.waitEvent('DialBegin', (m) => m.get('DestChannel')?.startsWith('PJSIP/1002-') === true);
    expect([begin.get('Uniqueid'), begin.get('DialString'), begin.get('DestLinkedid')]).toEqual([
      callId,
      '1002',
      callId,
    ]);
    expect((await post('/endpoints/1002/answer')).status).toBe(200);
    const end = await ami.waitEvent(
      'DialEnd',
      (m) => m.get('DestChannel') === begin.get('DestChannel') && m.get('DialStatus') === 'ANSWER',
    );
    expect(end.get('Uniqueid')).toBe(callId);
    await ami.waitEvent('BridgeEnter', (m) => m.get('Channel') === begin.get('DestChannel'));
    expect((await post('/endpoints/1002/hangup')).status).toBe(200);
    await ami.waitEvent('Hangup', (m) => m.get('Channel') === begin.get('DestChannel'));
    // Option g: the caller goes on to the survey, rating the colleague (Stasis fails over here: no ARI app).
    await ami.waitEvent(
      'VarSet',
      (m) => m.get('Uniqueid') === callId && m.get('Variable') === 'MEMBERINTERFACE' && m.get('Value') === 'PJSIP/1002',
    );
    const survey = await ami.waitEvent(
      'Newexten',
      (m) => m.get('Uniqueid') === callId && m.get('Application') === 'Stasis' && m.get('AppData')!.includes('survey'),
    );
    expect(survey.get('AppData')).toBe('cti137,survey,PJSIP/1002,Operator 1002');
    await ami.waitEvent('Hangup', (m) => m.get('Uniqueid') === callId);
  });

  it('attended transfer: hold, consultation call, AttendedTransfer with both transferers, the caller talks to the colleague', async () => {
    const ami = await setup();
    const { callId, agentLeg } = await talking(ami, '1001');
    const start = await post('/endpoints/1001/attended-transfer', { to: '1002' });
    expect(start.status).toBe(200);
    const consultId = start.json.consultChannelId as string;
    await ami.waitEvent('Hold', (m) => m.get('Channel') === agentLeg);
    const consultNew = await ami.waitEvent('Newchannel', (m) => m.get('Uniqueid') === consultId);
    expect([consultNew.get('Linkedid'), consultNew.get('Exten'), consultNew.get('Context')]).toEqual([
      consultId,
      '1002',
      'agents',
    ]);
    const begin = await ami.waitEvent('DialBegin', (m) => m.get('Uniqueid') === consultId);
    const targetLeg = begin.get('DestChannel')!;
    expect((await post('/endpoints/1001/attended-transfer/complete')).status).toBe(409); // not answered yet
    expect((await post('/endpoints/1002/answer')).status).toBe(200);
    expect((await post('/endpoints/1001/attended-transfer/complete')).status).toBe(200);
    const at = await ami.waitEvent('AttendedTransfer');
    expect(at.get('Result')).toBe('Success');
    expect([at.get('OrigTransfererChannel'), at.get('OrigTransfererLinkedid')]).toEqual([agentLeg, callId]);
    expect([at.get('SecondTransfererUniqueid'), at.get('SecondTransfererLinkedid')]).toEqual([consultId, consultId]);
    expect([at.get('TransfereeUniqueid'), at.get('TransferTargetChannel'), at.get('TransferTargetLinkedid')]).toEqual([
      callId,
      targetLeg,
      consultId,
    ]);
    expect(at.get('OrigBridgeUniqueid')).not.toBe(at.get('SecondBridgeUniqueid'));
    expect([at.get('IsExternal'), at.get('DestType'), at.get('DestBridgeUniqueid')]).toEqual([
      'Yes',
      'Bridge',
      at.get('OrigBridgeUniqueid'),
    ]);
    const order = keys(at).filter((k) =>
      /^(Result|OrigTransfererChannel|OrigBridgeUniqueid|SecondTransfererChannel|SecondBridgeUniqueid|TransfereeChannel|TransferTargetChannel|IsExternal|DestType)$/.test(
        k,
      ),
    );
    expect(order).toEqual([
      'Result',
      'OrigTransfererChannel',
      'OrigBridgeUniqueid',
      'SecondTransfererChannel',
      'SecondBridgeUniqueid',
      'TransfereeChannel',
      'TransferTargetChannel',
      'IsExternal',
      'DestType',
    ]);
    const done = await ami.waitEvent('AgentComplete', (m) => m.get('Uniqueid') === callId);
    expect([done.get('Reason'), done.get('DestChannel')]).toEqual(['transfer', agentLeg]);
    await ami.waitEvent('Hangup', (m) => m.get('Channel') === agentLeg);
    await ami.waitEvent('Hangup', (m) => m.get('Uniqueid') === consultId);
    // The colleague's leg joined the caller's bridge and the caller's Linkedid.
    await ami.waitEvent(
      'BridgeEnter',
      (m) =>
        m.get('Channel') === targetLeg &&
        m.get('BridgeUniqueid') === at.get('OrigBridgeUniqueid') &&
        m.get('Linkedid') === callId,
    );
    expect((await post('/endpoints/1002/hangup')).status).toBe(200);
    const gone = await ami.waitEvent('Hangup', (m) => m.get('Channel') === targetLeg);
    expect(gone.get('Linkedid')).toBe(callId);
    // Queue() returns (option c) and the caller goes on to the survey with app_queue's MEMBERINTERFACE.
    const survey = await ami.waitEvent(
      'Newexten',
      (m) => m.get('Uniqueid') === callId && m.get('Application') === 'Stasis' && m.get('AppData')!.includes('survey'),
    );
    expect(survey.get('AppData')).toBe('cti137,survey,PJSIP/1001,Operator 1001');
  });

  it('several queues: transfer into q137overflow (linear), QueueSummary answers per queue', async () => {
    const ami = await setup({ q137: ['1001'], q137overflow: ['1002', '1003'] });
    const { callId } = await talking(ami, '1001');
    expect((await post('/endpoints/1001/transfer', { to: 'q137overflow' })).status).toBe(200);
    const join = await ami.waitEvent('QueueCallerJoin', (m) => m.get('Queue') === 'q137overflow');
    expect(join.get('Uniqueid')).toBe(callId);
    // linear: the first member in the list is rung first.
    await ami.waitEvent('AgentCalled', (m) => m.get('Queue') === 'q137overflow' && m.get('Interface') === 'PJSIP/1002');
    const one = await ami.list('QueueSummary', { Queue: 'q137overflow' });
    expect(
      one.items
        .filter((m) => m.event === 'QueueSummary')
        .map((m) => [m.get('Queue'), m.get('LoggedIn'), m.get('Callers')]),
    ).toEqual([['q137overflow', '2', '1']]);
    const all = await ami.list('QueueSummary');
    expect(
      all.items.filter((m) => m.event === 'QueueSummary').map((m) => `${m.get('Queue')}:${m.get('Callers')}`),
    ).toEqual(['q137:0', 'q137hazard:0', 'q137overflow:1']);
    const status = await ami.list('QueueStatus', { Queue: 'q137overflow' });
    expect(status.items.find((m) => m.event === 'QueueParams')?.get('Strategy')).toBe('linear');
  });

  it('POST /_emulator/ami/drop closes every AMI connection and leaves the calls as they were', async () => {
    const ami = await setup();
    const other = await AmiTestClient.login(emu!.amiPort);
    clients.push(other);
    const { callId } = await talking(ami, '1001');
    const r = await post('/ami/drop');
    expect(r.json).toEqual({ dropped: 2 });
    await waitFor(() => ami.closed && other.closed, 5000, 'both AMI clients closed');
    const again = await AmiTestClient.login(emu!.amiPort);
    clients.push(again);
    const chans = await again.list('CoreShowChannels');
    const rows = chans.items.filter((m) => m.event === 'CoreShowChannel');
    expect(rows.map((m) => m.get('Linkedid'))).toEqual([callId, callId]);
    expect(rows.every((m) => m.get('BridgeId'))).toBe(true);
  });
});
