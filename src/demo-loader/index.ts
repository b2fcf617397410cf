export { loadDemo, toClaimInput, type DemoLoadResult } from "./demo.loader.ts";
export { loadDemoIfEmpty } from "./demo.first-start.ts";
