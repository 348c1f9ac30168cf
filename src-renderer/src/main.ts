import './element-styles';
import './styles.css';
import { ElMessage } from 'element-plus';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import App from './App.vue';
import { onCallError, onCallSuccess } from './api';
import { dismissErrorsAfter, noteFailedCall } from './lib/errors';
import { router } from './router';
import { useSessionStore } from './stores/session';

// The contract's schemas carry Chinese messages; this covers zod's built-in ones too.
z.config(zhCN());

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);

// Whichever screen made the call: a locked session shows the lock screen over it (its input
// stays), an expired one goes back to login.
onCallError((error, channel) => {
  noteFailedCall(error, channel);
  const session = useSessionStore(pinia);
  if (error.code === 'SESSION_LOCKED') {
    session.markLocked();
  } else if (error.code === 'NOT_LOGGED_IN' && session.user) {
    session.end();
    ElMessage({ type: 'warning', message: error.message + error.nextStep, showClose: true });
    void router.replace({ name: 'login' });
  }
});

// A call that succeeds closes the red toasts of its own earlier failures.
onCallSuccess(dismissErrorsAfter);

app.use(router);
app.mount('#app');
