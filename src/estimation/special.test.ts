import { describe, expect, it } from "vitest";
import { logFactorial, logGammaFn } from "./special.ts";

describe("logFactorial", () => {
  it("matches log Γ(k + 1) in the table and in Stirling's range", () => {
    for (const k of [0, 1, 5, 170, 4000, 2_000_000]) {
      expect(logFactorial(k)).toBeCloseTo(logGammaFn(k + 1), 6);
    }
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
  });

  it("stays correct after a non-integer argument (profile fits pass fractional counts)", () => {
    expect(logFactorial(5000.37)).toBeCloseTo(logGammaFn(5001.37), 6);
    expect(logFactorial(6000)).toBeCloseTo(logGammaFn(6001), 6);
    expect(logFactorial(5500)).toBeCloseTo(logGammaFn(5501), 6);
  });
});
