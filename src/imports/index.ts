export { runPersonImport, type ImportReport, type ImportOptions } from "./import.job.ts";
export { parsePersonsCsv, type ImportProblem, type PersonRow } from "./persons.csv.ts";
export { decodeCsvBytes } from "./decode.ts";
export { findOrCreateList, importPersonBatch } from "./import.service.ts";
export { findImportRuns } from "./import.repository.ts";
export {
  listUnparsedCells,
  resolveUnparsedCell,
  dismissUnparsedCell,
  UnparsedResolveSchema,
  UnparsedDismissSchema,
  type UnparsedCell,
  type UnparsedPage,
  type UnparsedResolveReq,
  type UnparsedDismissReq,
} from "./unparsed.service.ts";
