import type { CapabilityPages } from '../app/capability.ts';

export const settingsPages: CapabilityPages = {
  guild: [
    {
      path: 'settings',
      tab: { order: 30, label: { en: 'Settings', de: 'Einstellungen', fr: 'Paramètres', es: 'Ajustes' } },
      load: () => import('./SettingsPage.tsx'),
    },
    {
      path: 'audit',
      tab: {
        order: 40,
        label: {
          en: 'Audit log',
          de: 'Protokoll',
          fr: "Journal d'audit",
          es: 'Registro de auditoría',
        },
      },
      load: () => import('./audit/AuditPage.tsx'),
    },
  ],
};
