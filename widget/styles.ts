// Widget styles. They live inside each widget's shadow root, so the page's CSS cannot break them
// and they cannot leak into the page. Custom properties do cross the shadow boundary, so a site
// themes the widgets by setting these on the widget element or any ancestor (e.g. `:root`):
//
//   --clientele-font         font family                  default: the page's own
//   --clientele-text         text colour                  default: the page's own
//   --clientele-muted        secondary text, reasons      default: text colour at 70%
//   --clientele-accent       focus ring, call-to-action   default: #2563eb
//   --clientele-accent-text  text on the accent colour    default: #fff
//   --clientele-card-bg      card and slot background     default: transparent
//   --clientele-border       card and slot border         default: text colour at 14%
//   --clientele-placeholder  image placeholder, skeleton  default: text colour at 7%
//   --clientele-radius       corner radius                default: 12px
//   --clientele-gap          space between cards          default: 16px
//   --clientele-card-width   width of one card            default: min(44%, 13rem) (about 2 cards on a phone)
//   --clientele-image-ratio  aspect ratio of card images  default: 1
//   --clientele-title-size   row and slot heading size    default: 1.125rem
//   --clientele-font-size    base text size               default: 1rem
//
// Colours default to mixes of the inherited text colour, so the widgets suit light and dark pages alike.

// `all: initial` at the shadow root stops the page's inherited styles (text-align: center, letter-spacing,
// text-transform, white-space...) from leaking into the widget; only what a widget should share with the
// page is taken back: its font, its text colour and (untouched by `all`) its writing direction.
const base = `:host{all:initial;display:block;font-family:var(--clientele-font,inherit);color:var(--clientele-text,inherit);
font-size:var(--clientele-font-size,1rem);line-height:1.4;text-align:start;
--a:var(--clientele-accent,#2563eb);--g:var(--clientele-gap,16px);--r:var(--clientele-radius,12px);
--m:var(--clientele-muted,color-mix(in srgb,currentColor 70%,transparent));
--b:var(--clientele-border,color-mix(in srgb,currentColor 14%,transparent));
--p:var(--clientele-placeholder,color-mix(in srgb,currentColor 7%,transparent));
--c:var(--clientele-card-bg,transparent);--w:var(--clientele-card-width,min(44%,13rem))}
*{box-sizing:border-box}
h1,h2,h3,h4,h5,h6{font-size:var(--clientele-title-size,1.125rem);font-weight:600;line-height:1.3;margin:0}
a:focus-visible,button:focus-visible{outline:2px solid var(--a);outline-offset:2px}
img[hidden]{display:none}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;

/** Styles for a recommendation row. Logical properties throughout, so right-to-left pages mirror it. */
const rowCss = `section{position:relative}
.head{display:flex;align-items:center;justify-content:space-between;gap:.75rem;margin-block-end:.75rem}
.nav{display:flex;gap:.5rem;flex:none}
.nav[hidden]{display:none}
.nav button{all:unset;box-sizing:border-box;display:grid;place-items:center;inline-size:2.25rem;block-size:2.25rem;border-radius:50%;
border:1px solid var(--b);background:var(--c);color:inherit;font-size:1.375rem;line-height:1;cursor:pointer}
.nav button:hover:not(:disabled){border-color:currentColor}
.nav button:disabled{opacity:.35;cursor:default}
.nav.rtl span{display:inline-block;transform:scaleX(-1)}
ul{list-style:none;margin:0;padding:4px 4px 12px;display:grid;grid-auto-flow:column;
grid-auto-columns:var(--w);gap:var(--g);overflow-x:auto;overscroll-behavior-x:contain;
scroll-snap-type:x proximity;scroll-padding-inline:4px;scroll-behavior:smooth;scrollbar-width:thin}
ul.grid{grid-auto-flow:row;grid-template-columns:repeat(auto-fill,minmax(var(--w),1fr));overflow-x:visible}
li{scroll-snap-align:start;min-width:0;position:relative;display:flex;flex-direction:column;background:var(--c);
border:1px solid var(--b);border-radius:var(--r);overflow:hidden;transition:box-shadow .2s,transform .2s}
li:not(.sk):hover{box-shadow:0 6px 18px rgb(0 0 0/.12);transform:translateY(-2px)}
.card{display:flex;flex-direction:column;flex:1;color:inherit;text-decoration:none}
.card:focus-visible{outline-offset:-3px;border-radius:var(--r)}
.nx{position:absolute;inset-block-start:6px;inset-inline-end:6px;z-index:1;display:grid;place-items:center;width:30px;height:30px;padding:0;
border:1px solid var(--b);border-radius:50%;background:var(--clientele-card-bg,Canvas);color:inherit;font:inherit;font-size:1.1rem;line-height:1;cursor:pointer;opacity:.8}
.nx:hover,.nx:focus-visible{opacity:1}
#title:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.media{position:relative;aspect-ratio:var(--clientele-image-ratio,1);background:var(--p);display:grid;place-items:center;overflow:hidden}
.media img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}
.ph{font-size:2.5rem;font-weight:600;color:var(--m);text-transform:uppercase;user-select:none}
.info{display:flex;flex-direction:column;gap:.25rem;padding:.625rem .75rem .75rem}
.name{font-size:.9375rem;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere;min-height:2.8em}
.price{font-weight:600}
.why{margin:0;padding:.5rem .75rem .625rem;font-size:.8125rem;line-height:1.35;color:var(--m);border-block-start:1px dashed var(--b);
box-sizing:content-box;min-height:2.7em;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.why::first-letter{text-transform:uppercase}
.why.all{padding:0;margin:-.5rem 0 .75rem;border:0;font-size:.875rem;min-height:1.35em}
.sk .media,.bar{animation:pulse 1.4s ease-in-out infinite}
.bar{height:1.4em;border-radius:4px;background:var(--p)}
.bar:first-child{font-size:.9375rem;height:2.8em}
.bar+.bar{width:40%}
@keyframes pulse{50%{opacity:.45}}
`;

/** Styles for a content slot; in a narrow slot (a phone) the picture shrinks beside the text instead of filling the screen. */
const slotCss = `:host{container-type:inline-size}
.slot{display:flex;flex-wrap:wrap;align-items:center;gap:var(--g);padding:var(--g);background:var(--c);
border:1px solid var(--b);border-radius:var(--r)}
.slot img{flex:1 1 12rem;max-width:min(100%,18rem);max-height:16rem;min-width:0;height:auto;border-radius:calc(var(--r) * .66);object-fit:cover}
.text{flex:2 1 16rem;min-width:0;overflow-wrap:anywhere}
.text :is(h1,h2,h3,h4,h5,h6){margin-block-end:.25rem}
.text :is(h1,h2,h3,h4,h5,h6) a{color:inherit}
.text p{margin:.25rem 0 0;color:var(--m)}
.text .act{margin-block-start:.75rem;color:inherit}
.cta{display:inline-block;padding:.5rem 1.125rem;border-radius:999px;background:var(--a);color:var(--clientele-accent-text,#fff);
font-weight:600;text-decoration:none;transition:filter .2s}
.cta:hover{filter:brightness(1.1)}
@container (max-width:30rem){.slot img{flex:none;max-width:7rem;max-height:7rem}}
`;

/**
 * Every widget's styles in one text: one constructable stylesheet shared by every shadow root, or one <style>
 * per widget where such sheets are missing (widget/shadowRoot.ts). Joined at run time: a constant would be
 * folded into a copy at each place that uses it.
 */
export const widgetCss = [
  base,
  rowCss,
  slotCss,
  // Last, so it wins over the hover lift above.
  '@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}li:not(.sk):hover{transform:none}}',
].join('');
