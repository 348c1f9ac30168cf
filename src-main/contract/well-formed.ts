import { isWellFormedText } from '../domain/text';

/**
 * Every string crossing the contract must be well-formed Unicode: a lone surrogate (half of a
 * character outside the Basic Multilingual Plane) is stored by SQLite as U+FFFD, so what was
 * checked, hashed or compared would no longer be what is kept. Refused before any schema runs.
 */

/** The message shown under a field holding such a string. */
export const ILL_FORMED_TEXT_MESSAGE =
  '含有无法识别的字符（不完整的 Unicode 字符），请删除该字符后重新输入或从证件重新读取';

const MAX_DEPTH = 64;

/**
 * The path (`a.b.0`) of the first string or key in a request that is not well-formed Unicode,
 * `_` for the request itself, or null when every string is fine. Typed arrays and other
 * non-plain objects carry bytes, not text, and are skipped.
 */
export function illFormedTextPath(value: unknown): string | null {
  const walk = (node: unknown, path: string, depth: number): string | null => {
    if (typeof node === 'string') return isWellFormedText(node) ? null : path || '_';
    if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return null;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index += 1) {
        const found = walk(node[index], path ? `${path}.${index}` : String(index), depth + 1);
        if (found !== null) return found;
      }
      return null;
    }
    const proto: unknown = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) return null;
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isWellFormedText(key)) return path || '_';
      const found = walk(child, childPath, depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(value, '', 0);
}
