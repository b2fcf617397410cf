/** Key rotation: re-seals every confidential value and rewrites the blind index under a new primary key. */
export { resealAll, type RotationReport } from "./rotation.service.ts";
