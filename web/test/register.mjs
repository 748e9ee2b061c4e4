// Lets `node --test` import the console's TypeScript modules without a build step:
//   node --import ./web/test/register.mjs --test web/test/*.test.mjs
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
