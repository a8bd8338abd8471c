// The list of CLI commands, in the order `--help` shows them.
import type { Command } from '../command';
import { generateCommand } from './generate';
import { migrateCommand } from './migrate';
import { statusCommand } from './status';
import { reportCommand } from './report';
import { cancelCommand, pauseCommand, resumeCommand } from './control';
import { dbBootstrapCommand } from './db-bootstrap';

export const commands: Command[] = [generateCommand, migrateCommand, statusCommand, reportCommand, pauseCommand, resumeCommand, cancelCommand, dbBootstrapCommand];
