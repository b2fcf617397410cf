/**
 * A worker thread that draws share cards: it receives `{ id, svg }` messages and answers
 * `{ id, png }` (or `{ id, error }`). resvg keeps each drawn pixmap (3 MB for a card) in native
 * memory that V8 does not count, so a thread that only draws would grow without bound waiting for
 * a garbage collection that never comes: it collects after every card and lets the finalizers run
 * before the next (measured with two threads: 400 to 1,200 cards grew the process by 400–590 MB
 * without, by 80–90 MB with, and each card took a quarter less time on reused memory).
 */
import { parentPort } from "node:worker_threads";
import { collectYoungGarbage } from "../../shared/heap-budget.ts";
import { renderPng } from "./share-image.ts";

/** A card to draw. */
export interface PngJob {
  id: number;
  svg: string;
}

/** A drawn card, or why it could not be drawn. */
export type PngReply = { id: number; png: Uint8Array } | { id: number; error: string };

const waiting: PngJob[] = [];
let drawing = false;

parentPort!.on("message", (job: PngJob) => {
  waiting.push(job);
  if (!drawing) void drawWaiting();
});

/** Draws the cards waiting, one at a time, freeing each card's pixmap before the next. */
async function drawWaiting(): Promise<void> {
  drawing = true;
  for (let job = waiting.shift(); job; job = waiting.shift()) {
    let reply: PngReply;
    try {
      // A copy of its own: resvg's buffer belongs to the addon and cannot be transferred.
      reply = { id: job.id, png: new Uint8Array(renderPng(job.svg)) };
    } catch (e) {
      reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(reply, "png" in reply ? [reply.png.buffer as ArrayBuffer] : []);
    // The drawn pixmap is garbage now: collected, and its owner's finalizer given its turn (it
    // runs after the collection, from the event loop), it is freed before the next card.
    collectYoungGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  drawing = false;
}
