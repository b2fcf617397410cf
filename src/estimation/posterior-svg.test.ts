import { describe, expect, it } from "vitest";
import { posteriorSvg } from "./posterior-svg.ts";

const estimate = { mean: 10500, median: 10400, lower: 8900, upper: 13800 };

describe("posteriorSvg", () => {
  it("draws a histogram with the interval and escapes the title", () => {
    const draws = Array.from({ length: 500 }, (_, i) => 9000 + (i % 50) * 90);
    const svg = posteriorSvg({ estimate, observed: 4400, draws, title: `Evin & "Gohardasht" <1988>` });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("Evin &amp; &quot;Gohardasht&quot; &lt;1988&gt;");
    expect(svg).not.toMatch(/<script|<1988>|@import|href=/);
    expect(svg).toContain("median 10,400 · 95% interval 8,900–13,800");
    expect((svg.match(/<rect/g) ?? []).length).toBeGreaterThan(10);
  });

  it("draws a profile-likelihood curve and marks an unbounded interval", () => {
    const curve = [7000, 8000, 9000, 10000].map((n) => ({ n, logLik: -((n - 8000) ** 2) / 2e6 }));
    const svg = posteriorSvg({
      estimate: { ...estimate, upper: Number.POSITIVE_INFINITY },
      observed: 4400,
      curve,
    });
    expect(svg).toContain("<polyline");
    expect(svg).toContain("–∞");
  });
});
