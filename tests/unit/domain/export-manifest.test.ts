import { describe, expect, it } from 'vitest';
import { compareWithManifest, describeMismatch } from '../../../src-main/domain/export-manifest';

const listed = [
  { path: '核验清单/0001-20261124-0001.pdf', size: 10, sha256: 'a'.repeat(64) },
  { path: '办件索引.xlsx', size: 20, sha256: 'b'.repeat(64) },
];

describe('export manifest check', () => {
  it('finds nothing wrong when every listed file is there with its size and hash', () => {
    expect(
      compareWithManifest(listed, [
        ...listed,
        { path: 'manifest.json', size: 5, sha256: 'c'.repeat(64) },
      ]),
    ).toEqual([]);
  });

  it('names a changed, a resized, a missing and an added file', () => {
    const found = [
      { path: '核验清单/0001-20261124-0001.pdf', size: 10, sha256: 'd'.repeat(64) },
      { path: '附件/extra.jpg', size: 1, sha256: 'e'.repeat(64) },
    ];
    const mismatches = compareWithManifest(listed, found).map(describeMismatch);
    expect(mismatches).toEqual([
      '核验清单/0001-20261124-0001.pdf：内容已被改动（SHA-256 不符）',
      '办件索引.xlsx：清单中有此文件，压缩包中缺失',
      '附件/extra.jpg：压缩包中多出清单未列的文件',
    ]);
    expect(
      compareWithManifest(listed, [{ ...listed[0]!, size: 11 }, listed[1]!]).map(describeMismatch),
    ).toEqual(['核验清单/0001-20261124-0001.pdf：大小不符（清单 10 字节，实际 11 字节）']);
  });
});
