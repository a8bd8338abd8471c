// Where the setup command builds the web page (dashboard/build-web.ts) and the server serves it from.
import path from 'node:path';

export const WEB_ROOT = path.resolve(__dirname, '..', 'dist', 'dashboard');
