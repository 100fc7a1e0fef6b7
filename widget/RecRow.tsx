// The recommendation row as a pure view: it draws whatever it is given (skeletons while `items` is
// null) and reports what was seen and clicked through callbacks; index.tsx owns loading and tracking.
import type { RecItem, RecType } from '../src/contract/types.ts';
import type { PriceFormatter } from './formatPrice.ts';
import { safeUrl } from './safeUrl.ts';
import { rowCss } from './styles.ts';

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
  /** Set to show a "not interested" button on each card. */
  onDismiss?: (rec: RecItem, position: number) => void;
  /** `grid` wraps cards into rows instead of one scrolling line (an experiment's layout). */
  layout?: 'row' | 'grid';
  /** Read out by screen readers (a polite live region), e.g. after a dismissal. */
  announce?: string;
}

/**
 * Draws a row of product cards, skeleton cards while loading, or nothing when empty.
 * @example render(<RecRow title="Popular" items={recs} skeletons={4} price={fmt} defaultCurrency="USD" />, root);
 */
export function RecRow({ title, items, skeletons, price, defaultCurrency, onCard, onPick, onDismiss, layout, announce }: RecRowProps) {
  if (items && !items.length) return null;
  return (
    <>
      <style>{rowCss}</style>
      <section aria-label={title} aria-busy={items ? undefined : 'true'} data-layout={layout ?? 'row'}>
        <h2 tabIndex={-1}>{title}</h2>
        <ul role="list" class={layout === 'grid' ? 'grid' : undefined}>
          {items
            ? items.map((rec, i) => (
                <li key={rec.item.product_id}>
                  <Card rec={rec} position={i + 1} price={price} defaultCurrency={defaultCurrency} onCard={onCard} onPick={onPick} />
                  {onDismiss && <NotInterested rec={rec} position={i + 1} onDismiss={onDismiss} />}
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
        <p class="sr" role="status" aria-live="polite">{announce ?? ''}</p>
      </section>
    </>
  );
}

/**
 * The "not interested" control: a real button beside the card's link (never inside it), named for the product.
 * After a dismissal, focus moves to the next card (or the previous one, or the row's heading) so keyboard users keep their place.
 */
function NotInterested({ rec, position, onDismiss }: { rec: RecItem; position: number; onDismiss: (rec: RecItem, position: number) => void }) {
  const name = typeof rec.item.name === 'string' && rec.item.name.trim() ? rec.item.name.trim() : rec.item.product_id;
  return (
    <button
      type="button"
      class="nx"
      aria-label={`Not interested in ${name}`}
      title="Not interested"
      data-clientele-dismiss={rec.item.product_id}
      onClick={(e) => {
        const li = e.currentTarget.closest('li');
        const next = (li?.nextElementSibling ?? li?.previousElementSibling)?.querySelector<HTMLElement>('a.card') ?? li?.closest('section')?.querySelector<HTMLElement>('h2');
        onDismiss(rec, position);
        setTimeout(() => next?.focus(), 0);
      }}
    >
      <span aria-hidden="true">×</span>
    </button>
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
