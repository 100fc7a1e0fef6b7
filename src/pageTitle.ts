/**
 * The document's title, or undefined where reading it throws or gives no string (a library that redefined
 * `Document.prototype.title`): a page view is recorded without its title rather than not at all, and nothing is
 * thrown into the page.
 * @example track('Page Viewed', { url: location.href, title: pageTitle() });
 */
export const pageTitle = (doc: Document = document): string | undefined => {
  try {
    const t = doc.title;
    return typeof t == 'string' ? t : undefined;
  } catch {
    return undefined;
  }
};
