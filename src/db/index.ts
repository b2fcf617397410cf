export { openDatabase, migrateToLatest, migrateTo, knownMigrationNames, latestMigrationName, openPglite, pgliteDir, type DatabaseHandle, type Engine } from "./connect.ts";
export { findAppliedMigrationNames } from "./migration.repository.ts";
export type { Database, Db, Trx } from "./database.ts";
export { publicView, type PublicDb, type PublicDatabase, type PublicClaimRow, type PublicEntityRow, type PublicEstimateRow } from "./public-database.ts";
export { findPublicClaimsOfIds } from "./public-claims.repository.ts";
export { lockDataDir } from "./lock.ts";
export { PGliteDialect } from "./pglite-dialect.ts";
