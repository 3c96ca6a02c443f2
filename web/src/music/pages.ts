import type { CapabilityPages } from '../app/capability.ts';

export const musicPages: CapabilityPages = {
  guild: [
    {
      path: 'music',
      tab: { order: 20, label: { en: 'Music', de: 'Musik', fr: 'Musique', es: 'Música' } },
      load: () => import('./MusicPage.tsx'),
    },
  ],
};
