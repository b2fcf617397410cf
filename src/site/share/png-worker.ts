/**
 * A worker thread that draws share cards: it receives `{ id, svg }` messages and answers
 * `{ id, png }` (or `{ id, error }`). resvg keeps each drawn pixmap (3 MB for a card) in native
 * memory that V8 does not count, so a long run in one thread grows without bound until a garbage
 * collection that never comes; the pool (`png-pool.ts`) ends this thread after a number of cards,
 * which frees all of it.
 */
import { parentPort } from "node:worker_threads";
import { renderPng } from "./share-image.ts";

/** A card to draw. */
export interface PngJob {
  id: number;
  svg: string;
}

/** A drawn card, or why it could not be drawn. */
export type PngReply = { id: number; png: Uint8Array } | { id: number; error: string };

parentPort!.on("message", (job: PngJob) => {
  let reply: PngReply;
  try {
    // A copy of its own: resvg's buffer belongs to the addon and cannot be transferred.
    reply = { id: job.id, png: new Uint8Array(renderPng(job.svg)) };
  } catch (e) {
    reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply, "png" in reply ? [reply.png.buffer as ArrayBuffer] : []);
});
