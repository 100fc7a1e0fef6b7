// A decorative picture (its text is beside it): lazy, async, and gone if it fails to load, so whatever
// is drawn under it (a card's placeholder letter) shows instead of a broken-image icon.

/**
 * @example <Picture src="https://cdn.example/a.jpg" />
 */
export function Picture({ src }: { src: string }) {
  return (
    <img
      src={src}
      alt=""
      loading="lazy"
      decoding="async"
      onError={(e) => {
        e.currentTarget.hidden = true;
      }}
    />
  );
}
