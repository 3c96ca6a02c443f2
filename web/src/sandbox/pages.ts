import type { CapabilityPages } from '../app/capability.ts';

export const sandboxPages: CapabilityPages = {
  topLevel: [
    {
      path: '/sandbox',
      nav: {
        order: 20,
        label: { en: 'Sandbox', de: 'Sandbox', fr: 'Bac à sable', es: 'Sandbox' },
        shown: ({ meta }) => meta?.sandbox === true,
      },
      page: { load: () => import('./SandboxPage.tsx') },
    },
  ],
};
