// The row's previous/next buttons and focus handling. A row scrolls sideways; keyboard and screen-reader
// users move through it card by card, pointer users with the buttons or by swiping. Done imperatively on
// the rendered DOM (no state re-render on every scroll event).

import { bare } from '../src/bare.ts';

/**
 * Wires `prev` and `next` to scroll `list` by about a screenful, disables each at its end, hides both when
 * everything fits, and scrolls a focused card fully into view. Returns a function that removes the listeners.
 * @example const stop = attachScroller(ul, prevButton, nextButton, navDiv);
 */
export function attachScroller(list: HTMLElement, prev: HTMLButtonElement, next: HTMLButtonElement, nav: HTMLElement): () => void {
  const rtl = () => getComputedStyle(list).direction === 'rtl';
  const update = () => {
    const max = list.scrollWidth - list.clientWidth;
    // In right-to-left rows scrollLeft runs from 0 to -max.
    const at = Math.abs(list.scrollLeft);
    nav.hidden = max <= 1;
    prev.disabled = at <= 1;
    next.disabled = at >= max - 1;
    nav.classList.toggle('rtl', rtl());
  };
  const page = (direction: 1 | -1) => () => {
    const step = Math.max(list.clientWidth * 0.85, 1) * direction * (rtl() ? -1 : 1);
    list.scrollBy(bare({ left: step }));
  };
  const onPrev = page(-1), onNext = page(1);
  // The whole card, not the sliver the browser's own focus scrolling may leave at the edge.
  const onFocus = (e: FocusEvent) => {
    const item = e.target instanceof Element ? e.target.closest('li') : null;
    item?.scrollIntoView?.(bare<ScrollIntoViewOptions>({ block: 'nearest', inline: 'nearest' }));
  };
  prev.addEventListener('click', onPrev);
  next.addEventListener('click', onNext);
  list.addEventListener('scroll', update, bare({ passive: true }));
  list.addEventListener('focusin', onFocus);
  // A ResizeObserver reports the list's first size after the next layout, before that frame paints. Measuring here
  // instead would force a layout of the whole page at mount, once per row: 50-110 ms on the demo home.
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
  if (ro) ro.observe(list);
  else update();
  // New cards (a fresh row replacing the one a recent page kept) change what the list scrolls, not its box: observed
  // afresh, the list is reported again after the next layout.
  const mo = typeof MutationObserver === 'function' ? new MutationObserver(() => (ro ? (ro.unobserve(list), ro.observe(list)) : update())) : null;
  mo?.observe(list, bare({ childList: true }));
  return () => {
    prev.removeEventListener('click', onPrev);
    next.removeEventListener('click', onNext);
    list.removeEventListener('scroll', update);
    list.removeEventListener('focusin', onFocus);
    ro?.disconnect();
    mo?.disconnect();
  };
}
