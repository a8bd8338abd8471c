// The list of CLI commands, in the order `--help` shows them.
import type { Command } from '../command';

export const commands: Command[] = [];
