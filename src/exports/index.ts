export { exportAllJson, exportFtm } from "./export.service.ts";
export { toFtm, type FtmEntity } from "./ftm.ts";
