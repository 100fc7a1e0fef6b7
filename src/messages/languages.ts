// Every catalogue but English, whole (titles, labels and reasons): the entry of dist/clientele-messages.js.
// The engine worker loads that chunk with importScripts only for a page in another language, words reasons
// with it and hands the widget its titles and labels, so neither the worker nor the widget carries five
// languages. English (./en.ts) is built into both: it is the fallback.
import { deReasons, deUi } from './de.ts';
import { esReasons, esUi } from './es.ts';
import { frReasons, frUi } from './fr.ts';
import { zhCNReasons, zhCNUi } from './zh-CN.ts';
import type { Catalogue } from './types.ts';

export const LANGUAGE_CATALOGUES: Readonly<Record<string, Catalogue>> = {
  'zh-CN': { ...zhCNUi, ...zhCNReasons },
  de: { ...deUi, ...deReasons },
  fr: { ...frUi, ...frReasons },
  es: { ...esUi, ...esReasons },
};
