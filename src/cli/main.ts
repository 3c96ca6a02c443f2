import { Command, InvalidArgumentError } from 'commander';
import { createLogger } from '../logging/index.ts';
import { loadConfigOrExit } from './config-or-exit.ts';
import { rolesCommand } from './roles-command.ts';

// Commands load what they run only when chosen: `--help` stays quick, and the small parent
// process a sandbox start leaves waiting on its child holds no more than it needs.

const program = new Command()
  .name('gramophone')
  .description('Self-hosted Discord music and community platform.')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nConfiguration comes from the environment and .env (docs/configuration.md).\nExit codes: 0 ok, 1 failure, 2 invalid configuration.',
  );

program
  .command('start')
  .description('run every role (gateway, audio, api, worker) in one process')
  .action(() => rolesCommand(['audio', 'worker', 'gateway', 'api']));

const roleDescriptions = {
  gateway: 'run the Discord bot only',
  audio: 'run the built-in audio node (Lavalink v4) only',
  api: 'run the control panel and REST API only',
  worker: 'run the background job worker only',
} as const;
for (const [role, description] of Object.entries(roleDescriptions)) {
  program
    .command(role)
    .description(description)
    .action(() => rolesCommand([role as keyof typeof roleDescriptions]));
}

program
  .command('migrate')
  .description('apply pending database migrations and exit (safe to run from several processes at once)')
  .action(async () => {
    const { migrateCommand } = await import('./migrate-command.ts');
    process.exit(await migrateCommand(loadConfigOrExit()));
  });

program
  .command('doctor')
  .description(
    'check the configuration and reach every configured service; non-zero exit when anything fails',
  )
  .action(async () => {
    const config = loadConfigOrExit();
    const { runDoctor } = await import('../doctor/index.ts');
    const logger = createLogger({ level: 'silent', format: 'json' });
    process.exit(await runDoctor(config, { logger, out: process.stdout }));
  });

const history = program.command('history').description('listening history maintenance');
history
  .command('reset-breaker')
  .description('close a user’s archival circuit breaker (archival resumes at the next round)')
  .argument('<userId>', 'the user’s Discord id')
  .argument('[service]', 'spotify, listenbrainz or lastfm', 'spotify')
  .action(async (userId: string, service: string) => {
    const { resetBreakerCommand } = await import('./history-command.ts');
    process.exit(await resetBreakerCommand(loadConfigOrExit(), userId, service));
  });

program
  .command('emulator')
  .description(
    'run a local Discord (REST, gateway, voice, OAuth2) with a demo guild, for tests and offline trials',
  )
  .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
  .option(
    '--host <host>',
    'address to listen on (keep it on loopback: the control API has no auth)',
    '127.0.0.1',
  )
  .option('--voice-port <port>', 'TCP port of the voice websocket (wss; 0 picks a free one)', parsePort, 0)
  .option('--voice-udp-port <port>', 'UDP port of the voice server (0 picks a free one)', parsePort, 0)
  .option(
    '--json',
    'print one JSON line describing the emulator (URLs, token, demo ids) and log to stderr',
    false,
  )
  .action(
    async (options: {
      port: number;
      host: string;
      json: boolean;
      voicePort: number;
      voiceUdpPort: number;
    }) => {
      const { emulatorCommand } = await import('./emulator-command.ts');
      await emulatorCommand(options);
    },
  );

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a port number (0-65535)');
  }
  return port;
}

await program.parseAsync(process.argv);
