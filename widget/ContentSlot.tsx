// A content slot as a pure view of the chosen variant. Every field is rendered as text (Preact
// escapes it), never as HTML, because variants come from config files that may carry markup.
import type { SlotVariantConfig } from '../src/contract/types.ts';
import { Picture } from './Picture.tsx';
import { safeUrl } from '../src/contract/safeUrl.ts';

export interface ContentSlotProps {
  variant: SlotVariantConfig;
  /** Heading level of the variant's title, 1-6: the level of the heading the slot replaces on the page. */
  level?: number;
  /** Link text when the variant has a link but neither a title nor a call to action (the catalogue's "Find out more"). */
  more?: string;
  /** Called with the slot's root element as it renders, for impression tracking. */
  onShow?: (el: Element) => void;
  onPick?: () => void;
}

/**
 * Draws a variant's image, title, body and call to action; links only to http(s) or relative URLs.
 * @example render(<ContentSlot variant={{ id: 'spring', title: 'Spring sale', cta: 'Shop', href: '/sale' }} />, root);
 */
export function ContentSlot({ variant, level = 2, more = 'Find out more', onShow, onPick }: ContentSlotProps) {
  const Heading = `h${Math.min(6, Math.max(1, Math.round(level)))}` as 'h2';
  const href = safeUrl(variant.href);
  const src = safeUrl(variant.image);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : '');
  const title = text(variant.title);
  const body = text(variant.body);
  // A link with nothing to click on would be invisible: give it the catalogue's words.
  const cta = text(variant.cta) || (href && !title ? more : '');
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
    <div class="slot" data-variant-id={variant.id} ref={(el) => {
        if (el) onShow?.(el);
      }}>
      {src && <Picture src={src} />}
      <div class="text">
        {/* Without a button, the title carries the link. */}
        {title && <Heading>{cta ? title : link(title)}</Heading>}
        {body && <p>{body}</p>}
        {cta && <p class="act">{link(cta, 'cta')}</p>}
      </div>
    </div>
  );
}
