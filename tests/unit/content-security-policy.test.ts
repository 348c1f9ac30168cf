import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/shell/content-security-policy';

describe('content security policy', () => {
  it("is the same in the page meta tag (file:// in Electron) as in the shells' headers", () => {
    const html = readFileSync(
      join(import.meta.dirname, '..', '..', 'src-renderer', 'index.html'),
      'utf8',
    );
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag, so only the headers carry it.
    const headerWithoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ')
      .filter((directive) => !directive.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta?.split(/;\s*/).filter(Boolean)).toEqual(headerWithoutFrameAncestors.split('; '));
  });
});
