// A content slot as a pure view of the chosen variant. Every field is rendered as text (Preact
// escapes it), never as HTML, because variants come from config files that may carry markup.
import type { SlotVariantConfig } from '../src/contract/types.ts';
import { safeUrl } from './safeUrl.ts';
import { slotCss } from './styles.ts';
import { needsStyleTag } from './shadowRoot.ts';

export interface ContentSlotProps {
  variant: SlotVariantConfig;
  /** Called with the slot's root element as it renders, for impression tracking. */
  onShow?: (el: Element) => void;
  onPick?: () => void;
}

/**
 * Draws a variant's image, title, body and call to action; links only to http(s) or relative URLs.
 * @example render(<ContentSlot variant={{ id: 'spring', title: 'Spring sale', cta: 'Shop', href: '/sale' }} />, root);
 */
export function ContentSlot({ variant, onShow, onPick }: ContentSlotProps) {
  const href = safeUrl(variant.href);
  const src = safeUrl(variant.image);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : '');
  const title = text(variant.title);
  const body = text(variant.body);
  const cta = text(variant.cta);
  // With an unsafe href the text still shows, just not as a link.
  const link = (label: string, cls?: string) =>
    href ? (
      <a class={cls} href={href} onClick={() => onPick?.()} onAuxClick={(e) => e.button === 1 && onPick?.()}>
        {label}
      </a>
    ) : (
      label
    );
  return (
    <>
      {needsStyleTag && <style>{slotCss}</style>}
      <div class="slot" data-variant-id={variant.id} ref={(el) => {
          if (el) onShow?.(el);
        }}>
        {src && (
          <img
            src={src}
            alt=""
            loading="lazy"
            decoding="async"
            onError={(e) => {
              e.currentTarget.hidden = true;
            }}
          />
        )}
        <div class="text">
          {/* Without a button, the title carries the link. */}
          {title && <h2>{cta ? title : link(title)}</h2>}
          {body && <p>{body}</p>}
          {cta && <p class="act">{link(cta, 'cta')}</p>}
        </div>
      </div>
    </>
  );
}
