// The list of CLI commands, in the order `--help` shows them.
import type { Command } from '../command';
import { generateCommand } from './generate';
import { migrateCommand } from './migrate';
import { statusCommand } from './status';
import { reportCommand } from './report';
import { cancelCommand, pauseCommand, resumeCommand } from './control';
import { schedulesCommand } from './schedules';
import { checkCommand } from './check';
import { attemptCommand } from './attempt';
import { registryCommand } from './registry';
import { scrubCommand } from './scrub';
import { optOutCommand, reOptInCommand } from './opt-out';
import { anomaliesCommand } from './anomalies';
import { healthCommand } from './health';
import { dashboardUserCommand } from './dashboard-user';
import { dedupeCommand } from './dedupe';
import { dedupeEvalCommand } from './dedupe-eval';
import { snapshotCommand } from './snapshot';
import { snapshotsCommand } from './snapshots';
import { replayCommand, restoreCommand } from './restore';
import { dbBootstrapCommand } from './db-bootstrap';
import { keepApartCommand, mergeCommand, unmergeCommand } from './dedupe-decision';
import { reviewCommand } from './review';
import { explainCommand } from './explain';
import { afterMigrationCommand } from './after-migration';

export const commands: Command[] = [
  generateCommand, migrateCommand, statusCommand, reportCommand, afterMigrationCommand, pauseCommand, resumeCommand, cancelCommand, schedulesCommand, checkCommand, attemptCommand,
  registryCommand, scrubCommand, optOutCommand, reOptInCommand, anomaliesCommand, healthCommand, dashboardUserCommand, dedupeCommand, dedupeEvalCommand,
  snapshotCommand, snapshotsCommand, restoreCommand, replayCommand, dbBootstrapCommand, reviewCommand, mergeCommand, keepApartCommand, unmergeCommand, explainCommand,
];
