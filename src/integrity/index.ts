export { verifyIntegrity, type IntegrityReport, type IntegrityProblem } from "./integrity.service.ts";
export { commitExistingVersions } from "./backfill.ts";
