// Nothing to import from here on purpose: the two protocol clients are separate faces, reached
// through `asterisk/ami/index.ts` (cti, the emulator's codec) and `asterisk/ari/index.ts` (ivr),
// so dependency-cruiser can tell who speaks which protocol.
export {};
