import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/layout.js';
import { DATA, SERVICES } from './lib/instance-sections.js';
import { Dashboard } from './pages/dashboard.js';

// The dashboard ships in the first load; every other page is its own chunk, fetched on first visit.
const Catalog = lazy(() => import('./pages/catalog.js'));
const BatteryPage = lazy(() => import('./pages/battery.js'));
const Passes = lazy(() => import('./pages/passes.js'));
const PassPage = lazy(() => import('./pages/pass.js'));
const Objects = lazy(() => import('./pages/objects.js'));
const ObjectHistoryPage = lazy(() => import('./pages/object-history.js'));
const Rollback = lazy(() => import('./pages/rollback.js'));
const Settings = lazy(() => import('./pages/settings.js'));
// One set of instance pages serves each section (services, data); the sections are plain objects.
const Instances = lazy(() => import('./pages/instances.js'));
const NewInstance = lazy(() => import('./pages/instance-new.js'));
const InstancePage = lazy(() => import('./pages/instance.js'));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Dashboard /> },
      { path: 'catalog', element: <Catalog /> },
      { path: 'batteries/:type', element: <BatteryPage /> },
      { path: 'passes', element: <Passes /> },
      { path: 'passes/:id', element: <PassPage /> },
      { path: 'objects', element: <Objects /> },
      { path: 'objects/history', element: <ObjectHistoryPage /> },
      { path: 'rollback', element: <Rollback /> },
      { path: 'rollback/:passId', element: <Rollback /> },
      { path: 'settings', element: <Settings /> },
      ...[SERVICES, DATA].flatMap((section) => [
        { path: section.path.slice(1), element: <Instances section={section} /> },
        { path: `${section.path.slice(1)}/new`, element: <NewInstance section={section} /> },
        {
          path: `${section.path.slice(1)}/:plural/:namespace/:name`,
          element: <InstancePage key={section.path} section={section} />,
        },
      ]),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

function NotFound() {
  return (
    <article>
      <h1>Not found</h1>
      <p>There is no page here. Start from the dashboard.</p>
    </article>
  );
}
