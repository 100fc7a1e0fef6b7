// Widgets render into an open shadow root so the page's CSS and ours stay apart, while page scripts
// and tests can still look inside.

/**
 * Returns an open shadow root hosted by `el`, reusing the one already there.
 * @example render(<RecRow {...props} />, shadowRootFor(document.querySelector('#recs')!));
 */
export function shadowRootFor(el: Element): ShadowRoot {
  if (el.shadowRoot) return el.shadowRoot;
  try {
    return el.attachShadow({ mode: 'open' });
  } catch {
    // Some elements (<ul>, <a>, a custom element with a closed root) cannot host a shadow root:
    // host it on a child div instead, and find that div again on a later mount.
    let inner = el.querySelector(':scope > [data-clientele-root]');
    if (!inner) {
      inner = el.ownerDocument.createElement('div');
      inner.setAttribute('data-clientele-root', '');
      el.appendChild(inner);
    }
    return inner.shadowRoot ?? inner.attachShadow({ mode: 'open' });
  }
}
