export { AUDIO_NODE_VERSION, audioRole, audioSettings } from './audio-role.ts';
export { detectYtDlp } from './sources/index.ts';
