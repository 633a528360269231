// Timed work that survives restarts (BullMQ on Redis, or on PostgreSQL in embedded mode).
export { createJobs, type Jobs, type JobsOptions, type JobPayloads, type JobName, type JobState } from './jobs.ts';
