// The parts of jStat (https://jstat.github.io) the report uses; the package ships no types.
declare module 'jstat' {
  interface Dist { cdf(x: number, ...params: number[]): number; inv(p: number, ...params: number[]): number }
  export const jStat: { normal: Dist; chisquare: Dist; studentt: Dist; gammaln(x: number): number };
  const pkg: { jStat: typeof jStat };
  export default pkg;
}
