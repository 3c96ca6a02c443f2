export { AUDIO_NODE_VERSION, audioRole, audioSettings } from './audio-role.ts';
