// The page's clocks, as a hostile page leaves them: a Date mock that throws or answers NaN (a fake-timers library
// half set up, a frozen clock's bug), a performance object removed (an old webview, a privacy extension, a test
// harness). Before round 39 a throwing Date.now dropped every track() and a NaN one wrote `NaN` into the batch, which
// the worker then refused whole; without performance the worker's answers threw into the page and nothing was stored
// (round39d-hostile-clocks.spec.ts).

/**
 * Date.now(), or a new Date's time where the page's throws or is not a time (a page that broke both Date.now and
 * performance.now lost every call: round40c-stub-hostile-clocks), else performance's origin and clock.
 */
export const now = (): number => {
  let t = NaN;
  try {
    t = +Date.now();
  } catch {
    // broken: the browser's own below
  }
  return t > 0 || (t = +new Date()) > 0 ? t : performance.timeOrigin + performance.now();
};

/** performance.now(), or Date.now() where the page removed or broke performance: both only measure spans here. */
export const tick = (): number => {
  try {
    return performance.now();
  } catch {
    return now();
  }
};
