// `COPY … FROM STDIN` over node-postgres, through pg-copy-streams (the protocol side of COPY that
// pg itself leaves to it).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { CopyIn } from "./copy.ts";

// CopyData messages of at most this many bytes (the server takes any size; smaller ones keep the
// socket's write buffer from holding the whole statement twice).
const MESSAGE_BYTES = 256 * 1024;

function* chunks(data: Uint8Array): Generator<Buffer> {
  const all = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < all.length; at += MESSAGE_BYTES) yield all.subarray(at, at + MESSAGE_BYTES);
}

/** Runs one COPY on a client. */
// Reported as an INSERT, which is what COPY FROM does, so that Kysely counts the rows.
async function copyOnClient(client: pg.PoolClient, copy: CopyIn): Promise<PostgresQueryResult<never>> {
  const stream = client.query(copyFrom(copy.statement("STDIN")));
  await pipeline(Readable.from(chunks(copy.data)), stream);
  return { command: "INSERT", rowCount: stream.rowCount, rows: [] };
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
