// The list of CLI commands, in the order `--help` shows them.
import type { Command } from '../command';
import { migrateCommand } from './migrate';
import { statusCommand } from './status';
import { reportCommand } from './report';
import { cancelCommand, pauseCommand, resumeCommand } from './control';

export const commands: Command[] = [migrateCommand, statusCommand, reportCommand, pauseCommand, resumeCommand, cancelCommand];
import { generateCommand } from './generate'; commands.push(generateCommand);
