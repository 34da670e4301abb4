import { z } from 'zod';

// Imported first by main.tsx, before any schema is built: the server's CSP allows no eval, and
// zod would otherwise probe for it (`new Function`) while building schemas, a CSP violation each.
z.config({ jitless: true });
