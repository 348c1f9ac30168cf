import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applicantScreenOf } from '../../../src-main/domain/applicant';
import {
  inkOfRgba,
  judgeSignature,
  SIGNATURE_HEIGHT,
  SIGNATURE_WIDTH,
} from '../../../src-main/domain/applicant-signature';
import { provinceProfileSchema } from '../../../src-main/domain/profile';

/** A 600 x 200 RGBA image with ink (alpha) where `ink` says. */
function image(ink: (x: number, y: number) => number): Uint8Array {
  const rgba = new Uint8Array(SIGNATURE_WIDTH * SIGNATURE_HEIGHT * 4);
  for (let y = 0; y < SIGNATURE_HEIGHT; y += 1) {
    for (let x = 0; x < SIGNATURE_WIDTH; x += 1) {
      rgba[(y * SIGNATURE_WIDTH + x) * 4 + 3] = ink(x, y);
    }
  }
  return rgba;
}

const judge = (ink: (x: number, y: number) => number) =>
  judgeSignature(inkOfRgba(image(ink), SIGNATURE_WIDTH));

describe("the signature check (the applicant's screen and the core alike)", () => {
  it('refuses an empty box, a dot and a short tick, and takes a written name', () => {
    expect(judge(() => 0)).toBe('empty');
    expect(judge((x, y) => (Math.hypot(x - 300, y - 100) < 3 ? 255 : 0))).toBe('too-short');
    expect(judge((x, y) => (x > 300 && x < 340 && Math.abs(y - 100) < 2 ? 255 : 0))).toBe(
      'too-short',
    );
    const name = (x: number, y: number) =>
      x > 60 && x < 500 && Math.abs(y - (100 + 40 * Math.sin(x / 25))) < 2 ? 255 : 0;
    expect(judge(name)).toBe('ok');
  });

  it('does not let faint anti-aliased edges make a dot look like a stroke', () => {
    const haloDot = (x: number, y: number) => {
      const distance = Math.hypot(x - 300, y - 100);
      return distance < 3 ? 255 : distance < 80 ? 20 : 0;
    };
    expect(judge(haloDot)).toBe('too-short');
  });
});

describe('signing in the province profiles', () => {
  it('is on (required) in Shanxi only', () => {
    const signature = (id: string) => {
      const path = join(
        import.meta.dirname,
        '..',
        '..',
        '..',
        'resources',
        'profiles',
        `${id}.json`,
      );
      const profile = provinceProfileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      return applicantScreenOf(profile).signature;
    };
    expect(['shanxi', 'zhejiang', 'jiangsu', 'jilin'].map(signature)).toEqual([
      'required',
      'off',
      'off',
      'off',
    ]);
  });
});
