/**
 * The composition root: builds the one HTTP application from every capability's routes and runs
 * it. Only the CLI (`sabt serve`, `sabt export-site`), the tests and the benchmarks import it.
 */
export { createApp } from "./app.ts";
export { routeModules } from "./modules.ts";
export { startHttpServer, FrontCache, frontCachedListener, isShareable } from "./server.ts";
export { jobDefinitions, jobSchedules, startJobs, REVERIFY_ACTOR, REVERIFY_JOB, AUTO_BACKUP_JOB, SESSION_PURGE_JOB, type JobDeps, type ScheduleIntervals } from "./jobs.ts";
