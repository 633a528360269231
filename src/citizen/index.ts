// The citizen web page's only public face: install(core) serves /citizen and its API under /citizen/api.
export { install, type CitizenCore } from './install.ts';
export type { TrackView } from './track-service.ts';
export type { TrackStep } from './track-repository.ts';
export { CITIZEN_LIMITS } from './rate-limits.ts';
export { OTP_MAX_ATTEMPTS, OTP_TTL_SECONDS } from './otp-service.ts';
