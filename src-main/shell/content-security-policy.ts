/**
 * The one Content-Security-Policy of the app, sent by both shells. Scripts only from the app
 * itself; inline styles are allowed because Element Plus positions popups with them.
 * (Electron security checklist, item 7.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
