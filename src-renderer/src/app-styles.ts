let loading: Promise<unknown> | undefined;

/**
 * Loads the styles of every screen and dialog after the login (element-styles-app.ts), once.
 * The login screen shows without them; the router waits for them before any other screen,
 * the app's dialogs before they open, and the login form starts them while the clerk types.
 */
export function loadAppStyles(): Promise<unknown> {
  loading ??= import('./element-styles-app');
  return loading;
}
