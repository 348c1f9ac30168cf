import { createRouter, createWebHashHistory } from 'vue-router';
import { missingCase } from '../../src-main/domain/missing-case';
import { useAppStore } from './stores/app';
import { useSessionStore } from './stores/session';
import AppLayout from './views/AppLayout.vue';
import HomeView from './views/HomeView.vue';
import LoginView from './views/LoginView.vue';
import SetupView from './views/SetupView.vue';

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
 * point at a file that does not exist. Only the screens a clerk meets first are in the
 * initial bundle; the supervisor's screens load on demand.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/setup', name: 'setup', component: SetupView, meta: { public: true } },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    {
      path: '/',
      component: AppLayout,
      children: [
        { path: '', name: 'home', component: HomeView },
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
          path: 'audit',
          name: 'audit',
          component: () => import('./views/AuditView.vue'),
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
  await app.ensureBooted();
  switch (app.phase) {
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
      return missingCase(app.phase);
  }
  if (to.name === 'setup') return session.user ? { name: 'home' } : { name: 'login' };
  if (to.meta.public) return session.user ? { name: 'home' } : true;
  if (!session.user) return { name: 'login' };
  if (to.meta.supervisorOnly && !session.isSupervisor) return { name: 'home' };
  return true;
});
