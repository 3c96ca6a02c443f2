import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { guildPages, topLevelPages } from '../capabilities.ts';
import { Loading } from '../components/index.ts';
import type { PageLoader, TopLevelPage } from './capability.ts';
import { GuildLayout } from './GuildLayout.tsx';
import { Layout } from './Layout.tsx';
import { NotFound } from './NotFound.tsx';
import { RequireLogin } from './RequireLogin.tsx';

/** A page of its own chunk: the first page loads only what it shows. */
function lazyPage(load: PageLoader): ReactNode {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

function topLevelElement({ page, login }: TopLevelPage): ReactNode {
  const element = 'load' in page ? lazyPage(page.load) : <page.component />;
  return login ? <RequireLogin>{element}</RequireLogin> : element;
}

/** Every capability's pages (web/src/capabilities.ts), in the shell's layout. */
const guildRoutes: RouteObject[] = guildPages.map(({ path, load }) =>
  path === '' ? { index: true, element: lazyPage(load) } : { path, element: lazyPage(load) },
);

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      ...topLevelPages.map((page) => ({ path: page.path, element: topLevelElement(page) })),
      {
        path: '/servers/:guildId',
        element: (
          <RequireLogin>
            <GuildLayout />
          </RequireLogin>
        ),
        children: guildRoutes,
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
