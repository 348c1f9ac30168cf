// First: it sends the start-up calls before the rest of the app's code runs.
import './startup-calls';
import './element-styles';
import './styles.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onCallError, onCallSuccess } from './api';
import { elementPlusForApp } from './element-plus-app';
import { dismissErrorsAfter, noteFailedCall } from './lib/failed-calls';
import { router } from './router';
import { useSessionStore } from './stores/session';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(elementPlusForApp);

// Whichever screen made the call: a locked session shows the lock screen over it (its input
// stays), an expired one goes back to login.
onCallError((error, channel) => {
  noteFailedCall(error, channel);
  const session = useSessionStore(pinia);
  if (error.code === 'SESSION_LOCKED') {
    session.markLocked();
  } else if (error.code === 'NOT_LOGGED_IN' && session.user) {
    session.end();
    // Element Plus's toasts load on first use: the login screen shows without them.
    void import('./lib/error-toasts').then((toasts) =>
      toasts.showWarning(error.message + error.nextStep),
    );
    void router.replace({ name: 'login' });
  }
});

// A call that succeeds closes the red toasts of its own earlier failures.
onCallSuccess(dismissErrorsAfter);

app.use(router);
app.mount('#app');
