import { setLogLevel } from "../src/shared/logger.ts";

// Tests exercise error paths on purpose; keep their logs out of the test report.
setLogLevel("silent");
