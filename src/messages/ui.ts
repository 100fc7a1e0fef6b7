// The widget chunk's half of the catalogues: row titles and labels in every language.
import { deUi } from './de.ts';
import { enUi } from './en.ts';
import { esUi } from './es.ts';
import { frUi } from './fr.ts';
import { zhCNUi } from './zh-CN.ts';
import type { Catalogues } from './format.ts';

export const UI_CATALOGUES: Catalogues = { en: enUi, 'zh-CN': zhCNUi, de: deUi, fr: frUi, es: esUi };
