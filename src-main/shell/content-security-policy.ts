/**
 * The one Content-Security-Policy of the app, sent by both shells. Scripts and style sheets
 * only from the app itself, no inline styles: Vue, Element Plus (popup positions, CSS
 * variables) and ECharts set styles through the CSSOM (element.style), which CSP does not
 * govern, and the build emits no inline <style> or style attribute; an e2e test walks the
 * screens and fails on any violation. (Electron security checklist, item 7.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
