import { describe, expect, it } from "vitest";
import { firstIndicator, svgSize, withoutFigure } from "./chart";
import type { ChartOptions } from "./types";

const options = (counts: [string, number][]): ChartOptions => ({
  indicators: counts.map(([key, countries]) => ({ key, label: key, explanation: "", countries })) as ChartOptions["indicators"],
  countries: [],
});

describe("firstIndicator", () => {
  it("starts with health spending per person when countries give it", () => {
    expect(firstIndicator(options([["population", 15], ["health_expenditure_per_capita", 12]]))).toBe("health_expenditure_per_capita");
  });
  it("else the indicator most countries give, and none when none is given", () => {
    expect(firstIndicator(options([["population", 3], ["gdp_per_capita", 9], ["health_expenditure_per_capita", 0]]))).toBe("gdp_per_capita");
    expect(firstIndicator(options([["population", 0]]))).toBeNull();
  });
});

describe("withoutFigure", () => {
  it("names the chosen countries the chart has no bar for, in the chosen order", () => {
    expect(withoutFigure(["GH", "KE", "NG"], ["NG", "GH"])).toEqual(["KE"]);
  });
});

describe("svgSize", () => {
  it("reads the engine's width and height, else the viewBox", () => {
    expect(svgSize('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 310.5" width="720" height="310.5" role="img">')).toEqual({ width: 720, height: 310.5 });
    expect(svgSize('<svg viewBox="0 0 100 50"><rect width="3" height="4"/></svg>')).toEqual({ width: 100, height: 50 });
  });
});
