// Entry of dist/clientele-forward.js: registers the forwarder for the script-tag build.
import { registerForward } from './forward.ts';

registerForward();
