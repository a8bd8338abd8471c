// Records the event histories of a finished migration as JSON fixtures for the replay test:
//   node --import tsx test/support/record-histories.ts <migration-name>
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WORKFLOW_IDS } from '../../config/constants';
import { temporalClient } from './temporal';

async function main(name: string): Promise<void> {
  const { client, close } = await temporalClient();
  try {
    const ids = [WORKFLOW_IDS.migration(name), ...[1, 2, 3].map((i) => WORKFLOW_IDS.source(name, i))];
    for (const id of ids) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const file = path.join(__dirname, '..', 'fixtures', 'histories', `${id.replace(/[^A-Za-z0-9-]/g, '_')}.json`);
      writeFileSync(file, historyToJSON(history));
      console.log(`wrote ${file} (${history.events?.length ?? 0} events)`);
    }
  } finally {
    await close();
  }
}

main(process.argv[2] ?? 'sample').catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
