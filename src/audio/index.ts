export { AUDIO_NODE_VERSION, audioRole } from './audio-role.ts';
