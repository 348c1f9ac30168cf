import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrintTemplate, TemplateKind } from '../domain/print/print-template';
import { parsePrintTemplate, templateSetSchema } from '../domain/print/print-template';

/** Why a template could not be found or read, in words for the hall's technician. */
export class TemplateFileError extends Error {}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/**
 * Reads the templates of `templates/<set>/`, following `set.json`'s `extends` for files the
 * set does not have. Parsed files are kept: a hall changes a template and restarts.
 */
export class TemplateLibrary {
  private readonly cache = new Map<string, PrintTemplate>();

  constructor(private readonly templatesDir: string) {}

  /** The template of one document for one province profile. */
  template(setId: string, kind: TemplateKind): PrintTemplate {
    const key = `${setId}/${kind}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const template = this.resolve(setId, kind, new Set());
    this.cache.set(key, template);
    return template;
  }

  private resolve(setId: string, kind: TemplateKind, seen: Set<string>): PrintTemplate {
    if (seen.has(setId)) throw new TemplateFileError(`打印模板集 ${setId} 的 extends 形成了循环。`);
    seen.add(setId);
    const dir = join(this.templatesDir, setId);
    const file = join(dir, `${kind}.json`);
    if (existsSync(file)) {
      let json: unknown;
      try {
        json = readJson(file);
      } catch {
        throw new TemplateFileError(`打印模板 ${file} 不是有效的 JSON。`);
      }
      const template = parsePrintTemplate(json, file);
      if (template.kind !== kind) {
        throw new TemplateFileError(`打印模板 ${file} 的 kind 应为 ${kind}。`);
      }
      return template;
    }
    const setFile = join(dir, 'set.json');
    const parent = existsSync(setFile) ? templateSetSchema.safeParse(readJson(setFile)) : null;
    if (parent?.success && parent.data.extends)
      return this.resolve(parent.data.extends, kind, seen);
    throw new TemplateFileError(
      `缺少打印模板 ${file}：请放入该文件，或在 ${setFile} 中用 extends 沿用其他省份的模板。`,
    );
  }
}
