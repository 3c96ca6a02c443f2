import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, guildParamsSchema } from '../../http/index.ts';
import { ffmpegPath } from '../../media/index.ts';
import type { SandboxHandle } from '../../runtime/index.ts';
import type { RateLimitTier } from '../plugins/security.ts';
import {
  autocompleteBodySchema,
  autocompleteChoicesSchema,
  channelParamsSchema,
  clickButtonBodySchema,
  interactionAnswerSchema,
  localeBodySchema,
  messagesQuerySchema,
  runCommandBodySchema,
  sandboxCommandListSchema,
  sandboxMessageListSchema,
  sandboxMessageSchema,
  sandboxStateSchema,
  selectMenuBodySchema,
  sendMessageBodySchema,
  voiceBodySchema,
  voiceStatesSchema,
} from './contract.ts';
import { EmulatorControlClient } from './emulator-control.ts';
import { startLiveAudioStream } from './live-audio-stream.ts';
import { assertSandboxRequest, ListenerSlots } from './request-guard.ts';
import { SandboxService } from './sandbox-service.ts';

export interface SandboxRoutesOptions {
  sandbox: SandboxHandle;
  /** The lenient tier, for what the page polls every second. */
  pollRateLimit: RateLimitTier;
  /** Concurrent audio listeners (one ffmpeg each). */
  maxListeners?: number;
  /** Concurrent audio listeners from one client address. */
  maxListenersPerClient?: number;
  /** The ffmpeg to encode the audio stream with (the media module's by default). */
  ffmpeg?: string;
}

const interactionErrors = errorResponses(400, 415, 403, 429, 502, 504);
const writeErrors = errorResponses(400, 415, 403, 429, 502);

/**
 * `/api/sandbox/*`: the dashboard's sandbox page. Registered only when this process runs the
 * sandbox. No login: the sandbox is a local Discord with demo users anyone at the panel may
 * play; it answers only loopback host names and origins instead (see `assertSandboxRequest`).
 */
export const sandboxRoutes: FastifyPluginAsyncZod<SandboxRoutesOptions> = async (app, options) => {
  const service = new SandboxService(new EmulatorControlClient(options.sandbox.controlUrl), options.sandbox);
  const slots = new ListenerSlots(options.maxListeners ?? 8, options.maxListenersPerClient ?? 2);
  const streams = new Set<{ stop(): void }>();
  const allowRemote = options.sandbox.allowRemote === true;
  app.addHook('onRequest', async (request) => assertSandboxRequest(request, allowRemote));
  // Streams never end by themselves: closing the server must end them, or it would wait forever.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.stop();
  });

  app.get(
    '',
    {
      config: { rateLimit: options.pollRateLimit },
      schema: {
        tags: ['sandbox'],
        summary:
          'The sandbox server: channels, demo users, the bot, voice states, whether the bot sends audio',
        response: { 200: sandboxStateSchema, ...errorResponses(429, 502, 503) },
      },
    },
    () => service.state(),
  );

  app.get(
    '/commands',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'The bot’s registered slash commands with their options and subcommands',
        response: { 200: sandboxCommandListSchema, ...errorResponses(429, 502) },
      },
    },
    async () => ({ commands: await service.commands() }),
  );

  app.post(
    '/commands',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'A demo user runs a slash command; answers with what the bot replied',
        description:
          'Options are typed as the command declares them. Refusals of the emulator (unknown command or option, a missing required option, a user without permission) are 400 SANDBOX_REFUSED with `details: { refusal, option? }` naming the kind (unknownCommand, needsSubcommand, unknownOption, missingOption, badValue, notAllowed, notHere, notMember, componentGone, voiceRefused, other) for the page to word; a bot that does not answer is 504 BOT_DID_NOT_ANSWER.',
        body: runCommandBodySchema,
        response: { 200: interactionAnswerSchema, ...interactionErrors },
      },
    },
    (request) => service.runCommand(request.body),
  );

  app.post(
    '/autocomplete',
    {
      config: { rateLimit: options.pollRateLimit },
      schema: {
        tags: ['sandbox'],
        summary: 'What the bot suggests for the option a demo user is typing (autocomplete)',
        description:
          'As Discord sends it while a user types: the options so far, `focused` naming the one being typed. Refusals as for POST /commands (an option without autocomplete is SANDBOX_REFUSED).',
        body: autocompleteBodySchema,
        response: { 200: autocompleteChoicesSchema, ...interactionErrors },
      },
    },
    (request) => service.autocomplete(request.body),
  );

  app.post(
    '/buttons',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'A demo user clicks a button of a message',
        body: clickButtonBodySchema,
        response: { 200: interactionAnswerSchema, ...interactionErrors },
      },
    },
    (request) => service.clickButton(request.body),
  );

  app.post(
    '/selects',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'A demo user picks values in a select menu of a message',
        body: selectMenuBodySchema,
        response: { 200: interactionAnswerSchema, ...interactionErrors },
      },
    },
    (request) => service.selectMenu(request.body),
  );

  app.post(
    '/messages',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'A demo user writes a plain message in a text channel',
        body: sendMessageBodySchema,
        response: { 200: sandboxMessageSchema, ...writeErrors },
      },
    },
    (request) => service.sendMessage(request.body),
  );

  app.post(
    '/voice',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'A demo user joins (or moves to) a voice channel, or leaves with channelId null',
        body: voiceBodySchema,
        response: { 200: voiceStatesSchema, ...writeErrors },
      },
    },
    (request) => service.setVoice(request.body),
  );

  app.post(
    '/locale',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'A demo user switches their client language (en-US, de, fr, es-ES): the bot answers in it',
        body: localeBodySchema,
        response: { 200: localeBodySchema, ...writeErrors },
      },
    },
    (request) => service.setLocale(request.body),
  );

  app.get(
    '/channels/:channelId/messages',
    {
      config: { rateLimit: options.pollRateLimit },
      schema: {
        tags: ['sandbox'],
        summary: 'A text channel’s latest messages, oldest first, with the viewer’s ephemeral answers',
        params: channelParamsSchema,
        querystring: messagesQuerySchema,
        response: {
          200: sandboxMessageListSchema,
          ...errorResponses(400, 404, 429, 502),
        },
      },
    },
    async (request) => ({
      messages: await service.messages(request.params.channelId, request.query.viewer, request.query.limit),
    }),
  );

  app.get(
    '/voice/:guildId/audio',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'Live MP3 stream of what the emulator’s voice server receives from the bot',
        description:
          'Endless `audio/mpeg` (48 kHz stereo, 128 kbit/s), silence while the bot sends nothing, so an `<audio>` element keeps playing. One ffmpeg per listener, ended when the client goes away; at most 8 listeners, 2 per client address (429 TOO_MANY_LISTENERS).',
        params: guildParamsSchema,
        response: {
          200: { description: 'The audio stream', content: { 'audio/mpeg': { schema: z.string() } } },
          ...errorResponses(400, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { guildId } = request.params;
      await service.assertSandboxGuild(guildId);
      reply.header('content-type', 'audio/mpeg').header('cache-control', 'no-store');
      if (request.method === 'HEAD') return reply.send('');
      const release = slots.take(request.ip);
      const stream = startLiveAudioStream({
        ffmpegPath: options.ffmpeg ?? ffmpegPath(),
        listen: (onPcm) => options.sandbox.listenToVoice(guildId, onPcm),
        logger: request.log,
      });
      streams.add(stream);
      const end = () => {
        stream.stop();
        streams.delete(stream);
        release();
      };
      reply.raw.on('close', end);
      stream.body.on('close', end);
      // A stream skips the serializer; the 200 schema above only documents the content type.
      return reply.send(stream.body as unknown as string);
    },
  );
};
