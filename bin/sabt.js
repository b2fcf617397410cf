#!/usr/bin/env node
// Entry point of the `sabt` command. TypeScript sources run through tsx's loader so that the
// repository works straight after `npm install`, with no build step to forget.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
