// Placeholder build until the designer (issue 5): copies the static page into dist/.
import { copyFileSync, mkdirSync } from 'node:fs';

const here = new URL('.', import.meta.url);
mkdirSync(new URL('dist/', here), { recursive: true });
copyFileSync(new URL('index.html', here), new URL('dist/index.html', here));
console.log('apps/web: placeholder page built into apps/web/dist');
