import type { RouteLocationNormalized } from 'vue-router';
import { createRouter, createWebHashHistory } from 'vue-router';
import { missingCase } from '../../src-main/domain/missing-case';
import { loadElementPlusForApp } from './element-plus-app';
import type { AppPhase } from './stores/app';
import { useAppStore } from './stores/app';
import { useSessionStore } from './stores/session';
import LoginView from './views/LoginView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (login, setup). */
    public?: boolean;
    /** Only for 负责人; a 柜员 is sent home. */
    supervisorOnly?: boolean;
  }
}

/**
 * Hash history: the desktop shell loads index.html from file://, where a path-based URL would
 * point at a file that does not exist. Only the login screen is in the initial bundle (the
 * counter starts on it every morning); every other screen loads on demand.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  // A screen opens at its top: the case types' list is long, and a case begun from its foot
  // opened scrolled down with the header out of sight. Back and forward return where it was.
  scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
  routes: [
    {
      path: '/setup',
      name: 'setup',
      component: () => import('./views/SetupView.vue'),
      meta: { public: true },
    },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    {
      path: '/',
      component: () => import('./views/AppLayout.vue'),
      children: [
        { path: '', name: 'home', component: () => import('./views/HomeView.vue') },
        {
          path: 'cases',
          name: 'cases',
          component: () => import('./views/cases/CasesView.vue'),
        },
        {
          path: 'cases/new',
          name: 'new-case',
          component: () => import('./views/cases/NewCaseView.vue'),
        },
        {
          path: 'cases/:caseNumber',
          name: 'case',
          component: () => import('./views/cases/CaseView.vue'),
        },
        {
          path: 'lookup',
          name: 'lookup',
          component: () => import('./views/operations/LookupView.vue'),
        },
        {
          path: 'agents',
          name: 'agents',
          component: () => import('./views/AgentsView.vue'),
        },
        {
          path: 'sync',
          name: 'sync',
          component: () => import('./views/SyncView.vue'),
        },
        {
          path: 'clerks',
          name: 'clerks',
          component: () => import('./views/ClerksView.vue'),
          meta: { supervisorOnly: true },
        },
        {
          path: 'settings',
          name: 'settings',
          component: () => import('./views/SettingsView.vue'),
          meta: { supervisorOnly: true },
        },
        {
          path: 'retention',
          name: 'retention',
          component: () => import('./views/RetentionView.vue'),
          meta: { supervisorOnly: true },
        },
        {
          path: 'export',
          name: 'export',
          component: () => import('./views/ExportView.vue'),
          meta: { supervisorOnly: true },
        },
        {
          path: 'audit',
          name: 'audit',
          component: () => import('./views/AuditView.vue'),
          meta: { supervisorOnly: true },
        },
        {
          path: 'stats',
          name: 'stats',
          component: () => import('./views/StatsView.vue'),
          meta: { supervisorOnly: true },
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const app = useAppStore();
  const session = useSessionStore();
  const booted = app.ensureBooted();
  // A fresh tab on a counter set up before the shell started goes to the login screen at once;
  // if the core's answers then say otherwise (a first run never finished), it moves on.
  if (app.presumedSignedOut) void booted.then(() => moveOnIfSentElsewhere(app, session));
  else await booted;
  const result = destination(to, app.phase, session);
  // Every screen but the login needs the rest of the component styles; the login shows first
  // (a start at `/` is sent there without them).
  if (result === true && to.name !== 'login') await loadElementPlusForApp();
  return result;
});

function moveOnIfSentElsewhere(
  app: ReturnType<typeof useAppStore>,
  session: ReturnType<typeof useSessionStore>,
): void {
  const target = destination(router.currentRoute.value, app.phase, session);
  if (target !== true) void router.replace(target);
}

/** Where a navigation may go once start-up is known: on (true), or elsewhere. */
function destination(
  to: RouteLocationNormalized,
  phase: AppPhase,
  session: ReturnType<typeof useSessionStore>,
): true | { name: string } {
  switch (phase) {
    case 'booting':
    case 'unreachable':
    case 'store-error':
      // App.vue shows the start-up screen instead of any route.
      return true;
    case 'setup-required':
      return to.name === 'setup' ? true : { name: 'setup' };
    case 'ready':
      break;
    default:
      return missingCase(phase);
  }
  if (to.name === 'setup') return session.user ? { name: 'home' } : { name: 'login' };
  if (to.meta.public) return session.user ? { name: 'home' } : true;
  if (!session.user) return { name: 'login' };
  if (to.meta.supervisorOnly && !session.isSupervisor) return { name: 'home' };
  return true;
}
