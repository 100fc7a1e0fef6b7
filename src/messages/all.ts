// Every catalogue whole: the worker words reasons with them, and tests check them complete.
import { deReasons, deUi } from './de.ts';
import { enReasons, enUi } from './en.ts';
import { esReasons, esUi } from './es.ts';
import { frReasons, frUi } from './fr.ts';
import { zhCNReasons, zhCNUi } from './zh-CN.ts';
import type { Catalogue } from './types.ts';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue>> = {
  en: { ...enUi, ...enReasons },
  'zh-CN': { ...zhCNUi, ...zhCNReasons },
  de: { ...deUi, ...deReasons },
  fr: { ...frUi, ...frReasons },
  es: { ...esUi, ...esReasons },
};
