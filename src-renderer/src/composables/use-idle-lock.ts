import { computed, onBeforeUnmount, onMounted, watch } from 'vue';
import { useSessionStore } from '../stores/session';

/** What counts as the clerk being at the counter: any key, pointer or touch input. */
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after the session's idleLockMinutes without keyboard, mouse or touch input.
 *
 * Time comes only from Date.now() and setTimeout, so a test's fake clock (Playwright's
 * page.clock) drives it without sleeping (STYLE.md D). One timer is armed for the moment the
 * limit would be reached; when it fires it re-reads the last activity and either locks or
 * re-arms for the remainder, so input does not need to touch the timer at all.
 */
export function useIdleLock(): void {
  const session = useSessionStore();
  let lastActivity = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const watching = computed(() => session.user !== null && !session.locked);
  const limitMs = computed(() => Math.max(1, session.idleLockMinutes) * 60_000);

  function onActivity(): void {
    lastActivity = Date.now();
  }

  function disarm(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function arm(): void {
    disarm();
    if (!watching.value) return;
    const remaining = lastActivity + limitMs.value - Date.now();
    timer = setTimeout(check, Math.max(0, remaining));
  }

  function check(): void {
    timer = undefined;
    if (!watching.value) return;
    if (Date.now() - lastActivity >= limitMs.value) void session.lock('idle');
    else arm();
  }

  // Login, unlock or a new limit: count from now.
  watch(
    [watching, limitMs],
    () => {
      lastActivity = Date.now();
      arm();
    },
    { immediate: true },
  );

  onMounted(() => {
    for (const name of ACTIVITY_EVENTS) {
      document.addEventListener(name, onActivity, { capture: true, passive: true });
    }
  });

  onBeforeUnmount(() => {
    for (const name of ACTIVITY_EVENTS) {
      document.removeEventListener(name, onActivity, { capture: true });
    }
    disarm();
  });
}
