import type { CapabilityPages } from '../app/capability.ts';
import { Landing } from './landing/Landing.tsx';

/** The panel's own pages: the start page, the server picker and the user's account. */
export const panelPages: CapabilityPages = {
  topLevel: [
    { path: '/', page: { component: Landing } },
    {
      path: '/servers',
      login: true,
      nav: {
        order: 10,
        label: { en: 'Servers', de: 'Server', fr: 'Serveurs', es: 'Servidores' },
        shown: ({ loggedIn }) => loggedIn,
      },
      page: { load: () => import('./servers/GuildPicker.tsx') },
    },
    {
      path: '/account',
      login: true,
      nav: {
        order: 30,
        label: { en: 'Account', de: 'Konto', fr: 'Compte', es: 'Cuenta' },
        shown: ({ loggedIn }) => loggedIn,
      },
      page: { load: () => import('./account/AccountPage.tsx') },
    },
  ],
};
