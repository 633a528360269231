// The protocol-client tests wait with the suite's one rig (tests/helpers/wait.ts); `sleep` stays
// for the few cases that let a timer run on purpose (a keep-alive interval, a reconnect delay).
export { nextEvent } from '../../../helpers/wait.ts';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
