export { ffmpegPath } from './ffmpeg.ts';
