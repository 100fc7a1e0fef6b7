// The recommendation row as a pure view: it draws whatever it is given (skeletons while `items` is
// null) and reports what was seen and clicked through callbacks; index.tsx owns loading and tracking.
import type { RecItem } from '../src/contract/types.ts';
import type { Translate } from '../src/messages/format.ts';
import type { PriceFormatter } from './formatPrice.ts';
import { attachScroller } from './rowScroller.ts';
import { Picture } from './Picture.tsx';
import { safeUrl } from '../src/contract/safeUrl.ts';

export interface RecRowProps {
  title: string;
  /** `null` while loading; an empty list draws nothing. */
  items: RecItem[] | null;
  /** How many skeleton cards to show while loading (0: none). */
  skeletons: number;
  price: PriceFormatter;
  defaultCurrency: string;
  /** Words the row's labels and each item's reason. */
  t: Translate;
  /** Heading level of the title, 1-6. */
  level?: number;
  /** Called with each card's link element as it renders, for impression tracking. 1-based position. */
  onCard?: (el: Element, rec: RecItem, position: number) => void;
  onPick?: (rec: RecItem, position: number) => void;
  /** Set to show a "not interested" button on each card. */
  onDismiss?: (rec: RecItem, position: number) => void;
  /** `grid` wraps cards into rows instead of one scrolling line (an experiment's layout). */
  layout?: 'row' | 'grid';
  /** Read out by screen readers (a polite live region), e.g. after a dismissal. */
  announce?: string;
  /**
   * The row's type gives each card its own reason (for-you: "because you viewed ..."): every card, skeletons included,
   * keeps room for two lines of it, so the row's height does not change when the items arrive.
   */
  cardReasons?: boolean;
}

const scrollers = new WeakMap<Element, () => void>();
/** Stable ref (so Preact calls it once per section): wires the previous/next buttons to the list. */
function wire(section: HTMLElement | null) {
  if (!section) return;
  scrollers.get(section)?.();
  const list = section.querySelector('ul'), nav = section.querySelector<HTMLElement>('.nav');
  const [prev, next] = Array.from(section.querySelectorAll<HTMLButtonElement>('.nav button'));
  if (list && nav && prev && next) scrollers.set(section, attachScroller(list, prev, next, nav));
}

/**
 * Draws a titled row of product cards with previous/next buttons and each item's reason as visible text;
 * skeleton cards while loading; nothing when empty.
 * @example render(<RecRow title="Popular" items={recs} skeletons={4} price={fmt} defaultCurrency="USD" t={createLabelTranslator('en', null, { en: enUi })} />, root);
 */
export function RecRow({ title, items, skeletons, price, defaultCurrency, t, level = 2, onCard, onPick, onDismiss, layout, announce, cardReasons }: RecRowProps) {
  if (items ? !items.length : !skeletons) return null;
  const Heading = `h${Math.min(6, Math.max(1, Math.round(level)))}` as 'h2';
  // One reason for the whole row ("popular with other shoppers" six times) is said once, under the title.
  const shared = items && items.length > 1 && items.every((r) => reasonOf(r) === reasonOf(items[0])) ? reasonOf(items[0]) : '';
  return (
    <section key={items ? 'ready' : 'loading'} aria-labelledby="title" aria-busy={items ? undefined : 'true'} data-layout={layout ?? 'row'} ref={items ? wire : undefined}>
      <div class="head">
        <Heading id="title" tabIndex={-1}>
          {title}
        </Heading>
        {items && (
          <div class="nav" hidden>
            <button type="button" aria-label={t('row.previous')} aria-controls="list">
              <span aria-hidden="true">‹</span>
            </button>
            <button type="button" aria-label={t('row.next')} aria-controls="list">
              <span aria-hidden="true">›</span>
            </button>
          </div>
        )}
      </div>
      {/* One polite live region: "loading" while loading, then what a dismissal did. */}
      <p class="vh" role="status">
        {items ? (announce ?? '') : t('row.loading')}
      </p>
      {/* Always there, empty or not, so the skeletons and the row take the same height. */}
      <p class="why all" id="why">
        {shared}
      </p>
      <ul role="list" id="list" class={layout === 'grid' ? 'grid' : undefined}>
        {items
          ? items.map((rec, i) => (
              <li key={rec.item.product_id}>
                <Card rec={rec} position={i + 1} price={price} defaultCurrency={defaultCurrency} shared={!!shared} room={!!cardReasons} onCard={onCard} onPick={onPick} />
                {onDismiss && <NotInterested rec={rec} position={i + 1} t={t} onDismiss={onDismiss} />}
              </li>
            ))
          : [...Array(skeletons).keys()].map((i) => (
              <li key={i} class="sk" aria-hidden="true">
                <div class="media" />
                <div class="info">
                  <div class="bar" />
                  <div class="bar" />
                </div>
                {cardReasons && <p class="why" />}
              </li>
            ))}
      </ul>
    </section>
  );
}

/**
 * The "not interested" control: a real button beside the card's link (never inside it), named for the product.
 * After a dismissal, focus moves to the next card (or the previous one, or the row's heading) so keyboard users keep their place.
 */
function NotInterested({ rec, position, t, onDismiss }: { rec: RecItem; position: number; t: Translate; onDismiss: (rec: RecItem, position: number) => void }) {
  return (
    <button
      type="button"
      class="nx"
      aria-label={t('row.dismiss', { name: nameOf(rec) })}
      title={t('row.dismiss-short')}
      data-clientele-dismiss={rec.item.product_id}
      onClick={(e) => {
        const li = e.currentTarget.closest('li');
        const next = (li?.nextElementSibling ?? li?.previousElementSibling)?.querySelector<HTMLElement>('a.card') ?? li?.closest('section')?.querySelector<HTMLElement>('#title');
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
  /** The row shows this card's reason once for all cards (id "why"). */
  shared: boolean;
  /** The card keeps room for its reason even when it has none of its own (RecRowProps.cardReasons). */
  room: boolean;
}

/** Worded by the worker in the page's language with the owner's overrides (rec.why holds it as data). */
const reasonOf = (rec: RecItem): string => (typeof rec.reason === 'string' ? rec.reason.trim() : '');

/** The product's name as shown, or its id when it has none. */
export const nameOf = ({ item }: RecItem): string => (typeof item.name === 'string' && item.name.trim() ? item.name.trim() : item.product_id);

function Card({ rec, position, price, defaultCurrency, shared, room, onCard, onPick }: CardProps) {
  // Its own keys only: a product without a url or image_url took the page's polluted Object.prototype.url (every card
  // linked to the attacker's page; round38c-polluted-slot-content).
  const item = { __proto__: null, ...rec.item } as typeof rec.item;
  const name = nameOf(rec);
  const cost = price(item.price, item.currency ?? defaultCurrency);
  const src = safeUrl(item.image_url);
  const pick = () => onPick?.(rec, position);
  const reason = reasonOf(rec);
  const own = `why-${position}`;
  return (
    <>
      <a
        class="card"
        href={safeUrl(item.url) ?? '#'}
        aria-describedby={reason ? (shared ? 'why' : own) : undefined}
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
          {src && <Picture src={src} />}
        </div>
        <div class="info">
          <span class="name">{name}</span>
          {cost && <span class="price">{cost}</span>}
        </div>
      </a>
      {((reason && !shared) || room) && (
        <p class="why" id={own}>
          {shared ? '' : reason}
        </p>
      )}
    </>
  );
}
