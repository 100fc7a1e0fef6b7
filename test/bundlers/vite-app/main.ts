// Type-checked against the installed package's types (tsc --noEmit) before the build.
import { createClientele, type ConfigInput } from 'clientele';
import './shop.js';

const good: ConfigInput = { siteModelUrl: '/model/manifest.json', autocapture: { dwell: false } };
// @ts-expect-error a misspelt key is a compile error
const misspelt: ConfigInput = { siteModelURL: '/model/manifest.json' };
// @ts-expect-error so is a value of the wrong type
const mistyped: ConfigInput = { requireConsent: 'yes' };
export const configs = [good, misspelt, mistyped, createClientele];
