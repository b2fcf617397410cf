import { defineConfig } from "vitest/config";

// Database tests copy a migrated template (made once in globalSetup) per test file, on PGlite by
// default or on the PostgreSQL server named by DATABASE_URL (STYLE.md §15).
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // Generous: a shared 2-core CI machine can run several times slower than a quiet one.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    // Each worker runs file after file in one process: loading the app's modules again for every
    // file took a third of the suite's time (17.4 → 12.7 min on PGlite). Tests keep no state
    // between files: each opens its own database copy and closes it, and nothing mocks a module.
    isolate: false,
  },
});
