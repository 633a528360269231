// Open311 GeoReport v2: the only public face of src/open311 (the app installs it).
export { install, DEMO_OPEN311_KEY, type Open311Core, type Open311Deps } from './install.ts';
