import { onMounted, watch } from 'vue';
import { useSessionStore } from '../stores/session';

/**
 * Runs a screen's load when it mounts and again after an unlock: a call refused with
 * SESSION_LOCKED (the app started locked, or the core locked first) is retried once the
 * clerk is back, while the screen and its form input stay as they were.
 */
export function useWhileUnlocked(load: () => Promise<void>): void {
  const session = useSessionStore();
  onMounted(() => {
    if (!session.locked) void load();
  });
  watch(
    () => session.locked,
    (locked, wasLocked) => {
      if (wasLocked && !locked) void load();
    },
  );
}
