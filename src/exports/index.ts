// The exports domain's only public face: install(core) adds the streamed, audited downloads.
export { install, type ExportsCore } from './install.ts';
export { EXPORT_BATCH } from './request-export.ts';
