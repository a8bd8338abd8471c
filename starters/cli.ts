// Entry point of `npm run cli -- <command>`: finds the command, prints help, and turns errors into exit codes.
import { type Command, UsageError } from './command';
import { ConfigError } from '../config/env';
import { commands } from './commands/index';

function printHelp(list: Command[]): void {
  console.log('Usage: npm run cli -- <command> [options]\n\nCommands:');
  for (const c of list) console.log(`  ${c.name.padEnd(12)} ${c.summary}`);
  console.log('\nRun `npm run cli -- <command> --help` for a command\'s options.');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp(commands);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command ${JSON.stringify(name)}.`);
    printHelp(commands);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${command.name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    console.error(`${command.name} failed: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
