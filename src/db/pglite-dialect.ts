// A Kysely dialect for PGlite, for the Kysely 0.28 line (the last one that supports Node 20; Kysely
// has a built-in PGliteDialect only from 0.29, which requires Node 22). Adapted from that built-in
// dialect (Kysely 0.29, MIT licence, © Sami Koskimäki and Igal Klebanov) with one difference that
// the 0.28 driver interface requires: Kysely 0.28 does not serialise access to single-connection
// drivers itself, so this driver hands out its one connection under a mutex, as 0.28's SqliteDriver does.
// When Sabt requires Node 22, this file goes and connect.ts imports PGliteDialect from "kysely".
import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import {
  AbortedTransactionError,
  createQueryId,
  IdentifierNode,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  RawNode,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
} from "kysely";
import { CopyIn } from "./copy.ts";

export interface PGliteDialectConfig {
  /** An open PGlite instance; the dialect closes it when the Kysely instance is destroyed. */
  readonly pglite: PGlite;
}

/** `new Kysely({ dialect: new PGliteDialect({ pglite }) })`: Kysely on an embedded PGlite database. */
export class PGliteDialect implements Dialect {
  readonly #config: PGliteDialectConfig;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  createAdapter(): DialectAdapter {
    return new PGliteAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config.pglite);
  }

  createIntrospector(db: Parameters<Dialect["createIntrospector"]>[0]): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteAdapter extends PostgresAdapter {
  // PGlite has one connection, and the migrator holds it from acquiring the lock to releasing it:
  // no other migrator can run meanwhile, so PostgreSQL's advisory lock is not needed.
  override async acquireMigrationLock(): Promise<void> {}

  override async releaseMigrationLock(): Promise<void> {}
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #connection: PGliteConnection;
  readonly #mutex = new ConnectionMutex();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    if (this.#pglite.closed) throw new Error("PGlite instance is already closed.");
    await this.#pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection: a second query or transaction waits until the first releases it.
    await this.#mutex.lock();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).rollback();
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("savepoint", name), createQueryId()));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("rollback to", name), createQueryId()));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand("release", name), createQueryId()));
  }

  async destroy(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close();
  }
}

/** `savepoint "name"`: the name goes through the compiler as an identifier, so it is quoted. */
function savepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  #transaction: PGliteTransaction | undefined;
  #commit: (() => void) | undefined;
  #rollback: ((reason: unknown) => void) | undefined;
  #closed: Promise<void> | undefined;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const [first] = compiledQuery.parameters;
    if (first instanceof CopyIn) {
      // A COPY's data (copy.ts) reaches PGlite as the blob its `/dev/blob` file reads.
      const copied = await (this.#transaction ?? this.#pglite).query<R>(first.statement("'/dev/blob'"), [], { blob: new Blob([first.data]) });
      return { numAffectedRows: copied.affectedRows != null ? BigInt(copied.affectedRows) : undefined, rows: [] };
    }
    const { affectedRows, rows } = await (this.#transaction ?? this.#pglite).query<R>(
      compiledQuery.sql,
      [...compiledQuery.parameters],
      {
        rowMode: "object",
      },
    );
    return { numAffectedRows: affectedRows != null ? BigInt(affectedRows) : undefined, rows: rows ?? [] };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not supported by PGlite.");
  }

  /**
   * Opens a transaction through PGlite's own transaction(), which holds PGlite's transaction lock
   * until it ends, so that no query made on the PGlite instance outside Kysely lands inside it.
   */
  async begin(): Promise<void> {
    let begun!: () => void;
    const hasBegun = new Promise<void>((resolve) => (begun = resolve));
    const ended = new Promise<void>((resolve, reject) => {
      this.#commit = resolve;
      this.#rollback = reject;
    });
    this.#closed = this.#pglite.transaction(async (tx) => {
      this.#transaction = tx;
      begun();
      await ended;
    });
    try {
      // A BEGIN that fails rejects #closed before the callback runs.
      await Promise.race([hasBegun, this.#closed]);
    } catch (e) {
      this.#reset();
      throw e;
    }
  }

  async commit(): Promise<void> {
    this.#commit?.();
    try {
      await this.#closed;
    } catch (e) {
      // PGlite reports a COMMIT that PostgreSQL turned into a ROLLBACK (an earlier statement failed) as 25P02.
      const aborted = typeof e === "object" && e !== null && (e as { code?: unknown }).code === "25P02";
      throw aborted ? new AbortedTransactionError() : e;
    } finally {
      this.#reset();
    }
  }

  async rollback(): Promise<void> {
    // Rejecting the callback's promise makes PGlite roll back; that rejection is the expected outcome.
    this.#rollback?.(new Error("rolled back"));
    try {
      await this.#closed?.catch(() => {});
    } finally {
      this.#reset();
    }
  }

  #reset(): void {
    this.#transaction = undefined;
    this.#commit = undefined;
    this.#rollback = undefined;
    this.#closed = undefined;
  }
}

/** A lock over the one connection (as in Kysely 0.28's SqliteDriver). */
class ConnectionMutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise) await this.#promise;
    this.#promise = new Promise<void>((resolve) => (this.#resolve = resolve));
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}
