/** When work that can wait starts: not while the page is still showing what the user did. */

/** What the user does first on a page: a key, a click or a tap, or typing by any other means. */
const ACTIONS = ['keydown', 'pointerdown', 'input'] as const;

/**
 * Resolves at the user's first action on the page, or after `latestMs`, whichever comes
 * first. For work that can wait until the screen has settled but must be done before the
 * user's first action needs it.
 */
export function firstActionOrAfter(latestMs: number): Promise<void> {
  return new Promise((resolve) => {
    const go = (): void => {
      clearTimeout(timer);
      for (const type of ACTIONS) document.removeEventListener(type, go, true);
      resolve();
    };
    const timer = setTimeout(go, latestMs);
    for (const type of ACTIONS) document.addEventListener(type, go, true);
  });
}

/**
 * Resolves once the browser has painted what is on screen now: work started then does not
 * hold back the frame that shows the user's key or click.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}
