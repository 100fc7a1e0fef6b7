// Widget styles. They live inside each widget's shadow root, so the page's CSS cannot break them
// and they cannot leak into the page. Custom properties do cross the shadow boundary, so a site
// themes the widgets by setting these on the widget element or any ancestor (e.g. `:root`):
//
//   --clientele-font         font family                  default: the page's own
//   --clientele-text         text colour                  default: the page's own
//   --clientele-muted        secondary text               default: text colour at 62%
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
//
// Colours default to mixes of the inherited text colour, so the widgets suit light and dark pages alike.

const base = `:host{display:block;font-family:var(--clientele-font,inherit);color:var(--clientele-text,inherit);line-height:1.4;
--a:var(--clientele-accent,#2563eb);--g:var(--clientele-gap,16px);--r:var(--clientele-radius,12px);
--m:var(--clientele-muted,color-mix(in srgb,currentColor 62%,transparent));
--b:var(--clientele-border,color-mix(in srgb,currentColor 14%,transparent));
--p:var(--clientele-placeholder,color-mix(in srgb,currentColor 7%,transparent))}
*{box-sizing:border-box}
h2{font-size:var(--clientele-title-size,1.125rem);font-weight:600;line-height:1.3;margin:0 0 .75rem}
a:focus-visible{outline:2px solid var(--a);outline-offset:2px}
img[hidden]{display:none}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;

/** Styles for a recommendation row. */
export const rowCss =
  base +
  `ul{list-style:none;margin:0;padding:4px 4px 12px;display:grid;grid-auto-flow:column;
grid-auto-columns:var(--clientele-card-width,min(44%,13rem));gap:var(--g);overflow-x:auto;overscroll-behavior-x:contain;
scroll-snap-type:x mandatory;scroll-padding-inline:4px;scroll-behavior:smooth;scrollbar-width:thin}
li{scroll-snap-align:start;min-width:0;position:relative}
ul.grid{grid-auto-flow:row;grid-template-columns:repeat(auto-fill,minmax(var(--clientele-card-width,min(44%,13rem)),1fr));overflow-x:visible}
.nx{position:absolute;top:6px;right:6px;z-index:1;display:grid;place-items:center;width:30px;height:30px;padding:0;border:1px solid var(--b);
border-radius:50%;background:var(--clientele-card-bg,Canvas);color:inherit;font:inherit;font-size:1.1rem;line-height:1;cursor:pointer;opacity:.8}
.nx:hover,.nx:focus-visible{opacity:1}
.nx:focus-visible,h2:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.card{display:flex;flex-direction:column;height:100%;color:inherit;text-decoration:none;background:var(--clientele-card-bg,transparent);
border:1px solid var(--b);border-radius:var(--r);overflow:hidden;transition:box-shadow .2s,transform .2s}
.card:hover{box-shadow:0 6px 18px rgb(0 0 0/.12);transform:translateY(-2px)}
.media{position:relative;aspect-ratio:var(--clientele-image-ratio,1);background:var(--p);display:grid;place-items:center;overflow:hidden}
.media img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}
.ph{font-size:2.5rem;font-weight:600;color:var(--m);text-transform:uppercase;user-select:none}
.info{display:flex;flex-direction:column;gap:.25rem;padding:.625rem .75rem .75rem}
.name{font-size:.9375rem;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere;min-height:2.8em}
.price{font-weight:600}
.sk{border:1px solid var(--b);border-radius:var(--r);overflow:hidden}
.sk .media,.bar{animation:pulse 1.4s ease-in-out infinite}
.bar{height:1.4em;border-radius:4px;background:var(--p)}
.bar:first-child{font-size:.9375rem;height:2.8em}
.bar+.bar{width:40%}
@keyframes pulse{50%{opacity:.45}}
@media (prefers-reduced-motion:reduce){.card:hover{transform:none}}
`;

/** Styles for a content slot. */
export const slotCss =
  base +
  `.slot{display:flex;flex-wrap:wrap;align-items:center;gap:var(--g);padding:var(--g);background:var(--clientele-card-bg,transparent);
border:1px solid var(--b);border-radius:var(--r)}
.slot img{flex:1 1 12rem;max-width:min(100%,18rem);max-height:16rem;min-width:0;height:auto;border-radius:calc(var(--r) * .66);object-fit:cover}
.text{flex:2 1 16rem;min-width:0;overflow-wrap:anywhere}
.text h2{margin-bottom:.25rem}
.text h2 a{color:inherit}
.text p{margin:.25rem 0 0;color:var(--m)}
.text .act{margin-top:.75rem;color:inherit}
.cta{display:inline-block;padding:.5rem 1.125rem;border-radius:999px;background:var(--a);color:var(--clientele-accent-text,#fff);
font-weight:600;text-decoration:none;transition:filter .2s}
.cta:hover{filter:brightness(1.1)}
`;
