export { chooseFfmpeg, type FfmpegChoice, ffmpegChildEnv, ffmpegChoice, ffmpegPath } from './ffmpeg.ts';
