// The recommendation row as a pure view: it draws whatever it is given (skeletons while `items` is
// null) and reports what was seen and clicked through callbacks; index.tsx owns loading and tracking.
import type { RecItem, RecType } from '../src/contract/types.ts';
import type { PriceFormatter } from './formatPrice.ts';
import { safeUrl } from './safeUrl.ts';
import { rowCss } from './styles.ts';
import { needsStyleTag } from './shadowRoot.ts';

/** The heading each row type gets unless the owner sets a title. */
export const ROW_TITLES: Readonly<Record<RecType, string>> = {
  'for-you': 'Recommended for you',
  similar: 'Similar items',
  'bought-together': 'Frequently bought together',
  trending: 'Trending now',
  popular: 'Popular',
  'recently-viewed': 'Recently viewed',
  'buy-again': 'Buy again',
};

export interface RecRowProps {
  title: string;
  /** `null` while loading; an empty list draws nothing. */
  items: RecItem[] | null;
  /** How many skeleton cards to show while loading. */
  skeletons: number;
  price: PriceFormatter;
  defaultCurrency: string;
  /** Called with each card's link element as it renders, for impression tracking. 1-based position. */
  onCard?: (el: Element, rec: RecItem, position: number) => void;
  onPick?: (rec: RecItem, position: number) => void;
}

/**
 * Draws a row of product cards, skeleton cards while loading, or nothing when empty.
 * @example render(<RecRow title="Popular" items={recs} skeletons={4} price={fmt} defaultCurrency="USD" />, root);
 */
export function RecRow({ title, items, skeletons, price, defaultCurrency, onCard, onPick }: RecRowProps) {
  if (items && !items.length) return null;
  return (
    <>
      {needsStyleTag && <style>{rowCss}</style>}
      <section aria-label={title} aria-busy={items ? undefined : 'true'}>
        <h2>{title}</h2>
        <ul role="list">
          {items
            ? items.map((rec, i) => (
                <li key={rec.item.product_id}>
                  <Card rec={rec} position={i + 1} price={price} defaultCurrency={defaultCurrency} onCard={onCard} onPick={onPick} />
                </li>
              ))
            : Array.from({ length: skeletons }, (_, i) => (
                <li key={i} class="sk" aria-hidden="true">
                  <div class="media" />
                  <div class="info">
                    <div class="bar" />
                    <div class="bar" />
                  </div>
                </li>
              ))}
        </ul>
      </section>
    </>
  );
}

interface CardProps extends Pick<RecRowProps, 'price' | 'defaultCurrency' | 'onCard' | 'onPick'> {
  rec: RecItem;
  position: number;
}

function Card({ rec, position, price, defaultCurrency, onCard, onPick }: CardProps) {
  const { item } = rec;
  const name = typeof item.name === 'string' && item.name.trim() ? item.name.trim() : item.product_id;
  const cost = price(item.price, item.currency ?? defaultCurrency);
  const src = safeUrl(item.image_url);
  const pick = () => onPick?.(rec, position);
  return (
    <a
      class="card"
      href={safeUrl(item.url) ?? '#'}
      aria-label={cost ? `${name}, ${cost}` : name}
      title={rec.reason || undefined}
      data-clientele-widget-item=""
      data-product-id={item.product_id}
      data-position={position}
      ref={(el) => {
        if (el) onCard?.(el, rec, position);
      }}
      onClick={pick}
      // A middle click opens the product in a new tab: that is a click on the recommendation too.
      onAuxClick={(e) => e.button === 1 && pick()}
    >
      <div class="media">
        {/* Drawn under the image: it shows while the image loads and stays if the image fails. */}
        <span class="ph" aria-hidden="true">
          {Array.from(name)[0]}
        </span>
        {src && (
          <img
            src={src}
            alt={name}
            loading="lazy"
            decoding="async"
            onError={(e) => {
              e.currentTarget.hidden = true;
            }}
          />
        )}
      </div>
      <div class="info">
        <span class="name">{name}</span>
        {cost && <span class="price">{cost}</span>}
      </div>
    </a>
  );
}
