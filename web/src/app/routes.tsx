import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { Loading } from '../components/index.ts';
import { Landing } from '../pages/landing/Landing.tsx';
import { GuildLayout } from './GuildLayout.tsx';
import { Layout } from './Layout.tsx';
import { NotFound } from './NotFound.tsx';
import { RequireLogin } from './RequireLogin.tsx';

/** Every page but the landing page is its own chunk: the first page loads only what it shows. */
function page(load: () => Promise<{ default: ComponentType }>, options: { login?: boolean } = {}): ReactNode {
  const Page = lazy(load);
  const element = (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
  return options.login ? <RequireLogin>{element}</RequireLogin> : element;
}

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Landing /> },
      { path: '/servers', element: page(() => import('../pages/servers/GuildPicker.tsx'), { login: true }) },
      {
        path: '/servers/:guildId',
        element: (
          <RequireLogin>
            <GuildLayout />
          </RequireLogin>
        ),
        children: [
          { index: true, element: page(() => import('../pages/overview/Overview.tsx')) },
          { path: 'music', element: page(() => import('../pages/music/MusicPage.tsx')) },
          { path: 'settings', element: page(() => import('../pages/settings/SettingsPage.tsx')) },
          { path: 'audit', element: page(() => import('../pages/audit/AuditPage.tsx')) },
        ],
      },
      { path: '/account', element: page(() => import('../pages/account/AccountPage.tsx'), { login: true }) },
      { path: '/sandbox', element: page(() => import('../pages/sandbox/SandboxPage.tsx')) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
