// `COPY … FROM STDIN` over node-postgres without another dependency: pg runs any object with a
// `submit` method as a query and hands it the protocol messages (the way pg-copy-streams works), so
// a small one sends the statement, then the data as CopyData messages when the server asks for it.
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";
import { CopyIn } from "./copy.ts";

// CopyData messages of at most this many bytes (the server takes any size; smaller ones keep the
// socket's write buffer from holding the whole statement twice).
const MESSAGE_BYTES = 256 * 1024;

/** The protocol side of pg's `Connection` that a COPY uses. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** One `COPY … FROM STDIN` as a pg submittable; `done` is called once, with the error if it failed. */
class CopyFromStdin {
  #rowCount = 0;
  #failed = false;

  constructor(
    readonly copy: CopyIn,
    readonly done: (err: Error | undefined, rowCount: number) => void,
  ) {}

  submit(connection: pg.Connection): void {
    (connection as unknown as CopyConnection).query(this.copy.statement("STDIN"));
  }

  handleCopyInResponse(connection: CopyConnection): void {
    const { buffer, byteOffset, byteLength } = this.copy.data;
    const data = Buffer.from(buffer, byteOffset, byteLength);
    for (let at = 0; at < data.length; at += MESSAGE_BYTES) connection.sendCopyFromChunk(data.subarray(at, at + MESSAGE_BYTES));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.#rowCount = Number(/COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
  }

  // Like pg's own queries: an error is reported at once (the client waits for ReadyForQuery itself).
  handleError(err: Error): void {
    if (this.#failed) return;
    this.#failed = true;
    this.done(err, 0);
  }

  handleReadyForQuery(): void {
    if (!this.#failed) this.done(undefined, this.#rowCount);
  }

  // A COPY FROM returns no rows; pg calls these only for other statements.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs one COPY on a client. */
// Reported as an INSERT, which is what COPY FROM does, so that Kysely counts the rows.
function copyOnClient(client: pg.PoolClient, copy: CopyIn): Promise<PostgresQueryResult<never>> {
  return new Promise((resolve, reject) => {
    client.query(new CopyFromStdin(copy, (err, rowCount) => (err ? reject(err) : resolve({ command: "INSERT", rowCount, rows: [] }))));
  });
}

/**
 * A pg pool for Kysely whose clients run a statement whose one parameter is a `CopyIn` as
 * `COPY … FROM STDIN` with that data, and every other statement as pg does.
 */
export function copyCapablePool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let w = wrappers.get(client);
    if (!w) {
      w = {
        // Kysely calls query(sql, parameters) only (it passes a cursor only when one is configured).
        query: ((sql: string, parameters: readonly unknown[]) => {
          const first = parameters?.[0];
          if (first instanceof CopyIn) return copyOnClient(client, first);
          return client.query(sql, parameters as unknown[]);
        }) as unknown as PostgresPoolClient["query"],
        release: () => client.release(),
      };
      wrappers.set(client, w);
    }
    return w;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
