export { runPersonImport, type ImportReport, type ImportOptions } from "./import.job.ts";
export { parsePersonsCsv, type ImportProblem, type PersonRow } from "./persons.csv.ts";
export { decodeCsvBytes } from "./decode.ts";
export { findOrCreateList, importPersonBatch, type ImportConflict } from "./import.service.ts";
export { findImportRuns, countListRecords } from "./import.repository.ts";
