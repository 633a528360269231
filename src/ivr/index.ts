// The IVR's only public face: install(core) starts the ARI Stasis app on every PBX server.
export { install, type IvrCore, type IvrHandle } from './install.ts';
