import type { App, Plugin } from 'vue';

let loading: Promise<unknown> | undefined;
let vueApp: App | undefined;

/** Names the app that `loadElementPlusForApp` sets Element Plus's Chinese locale on. */
export const elementPlusForApp: Plugin = {
  install(app) {
    vueApp = app;
  },
};

/**
 * Loads what every screen and dialog after the login needs from Element Plus, once: the
 * styles (element-styles-app.ts) and the Chinese locale. The login screen shows without
 * either (it uses no Element Plus component); the router waits for them before any other
 * screen, the app's dialogs before they open, and the login form starts them while the clerk
 * types.
 */
export function loadElementPlusForApp(): Promise<unknown> {
  loading ??= Promise.all([import('./element-styles-app'), import('./element-locale')]).then(
    ([, locale]) => {
      if (vueApp) locale.provideChineseLocale(vueApp);
    },
  );
  return loading;
}
