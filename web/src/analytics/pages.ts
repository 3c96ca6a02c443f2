import type { CapabilityPages } from '../app/capability.ts';

export const analyticsPages: CapabilityPages = {
  guild: [
    {
      path: '',
      tab: { order: 10, label: { en: 'Overview', de: 'Übersicht', fr: 'Aperçu', es: 'Resumen' } },
      load: () => import('./Overview.tsx'),
    },
  ],
};
