// `npm run db:migrate`: creates the database if needed and applies pending schema migrations.
import { loadConfig, redactUrl } from '../config/env';
import { createDbPool, ensureDatabase } from '../workers/clients';
import { applyMigrations } from './migrator';

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log('Usage: npm run db:migrate\n\nApplies db/migrations/*.sql in order to the database in DATABASE_URL; safe to run repeatedly.');
    return;
  }
  const config = loadConfig();
  await ensureDatabase(config);
  const pool = createDbPool(config, { connectionLimit: 1 });
  try {
    const results = await applyMigrations(pool, undefined, (m) => console.log(`db:migrate: ${m}`));
    const applied = results.filter((r) => r.status === 'applied').length;
    console.log(`db:migrate: ${redactUrl(config.DATABASE_URL)} is at ${results.at(-1)?.version ?? '(no migrations)'} (${applied} applied now, ${results.length - applied} already applied)`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
