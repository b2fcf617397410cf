export { verifyIntegrity, type IntegrityReport, type IntegrityProblem } from "./integrity.service.ts";
