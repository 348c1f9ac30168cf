import { fileTypeFromBuffer } from 'file-type';
import { attachmentExtension } from '../../domain/attachment-name';
import { UseCaseError } from '../shared/use-case-error';

/**
 * Checks what an uploaded file really is before it is kept: its type is detected from the
 * content with `file-type` (21, the last line that runs on Node 20) and must match both the
 * file's extension and the type the browser declared; a file that is two things at once
 * (an image or PDF carrying an executable, an archive or a script) is refused.
 */

/** The extensions each detected type may carry, and the MIME types a browser may declare. */
const KNOWN_TYPES: Record<string, { extensions: readonly string[]; declared: readonly string[] }> =
  {
    jpg: { extensions: ['jpg', 'jpeg'], declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'] },
    png: { extensions: ['png'], declared: ['image/png', 'image/x-png'] },
    pdf: { extensions: ['pdf'], declared: ['application/pdf', 'application/x-pdf'] },
    // Legacy Word and Excel files are OLE compound files: file-type calls them all "cfb".
    cfb: {
      extensions: ['doc', 'xls'],
      declared: ['application/msword', 'application/vnd.ms-excel', 'application/x-cfb'],
    },
    docx: {
      extensions: ['docx'],
      declared: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    },
    xlsx: {
      extensions: ['xlsx'],
      declared: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
  };

/** What a browser sends when it does not know the type: no claim to check. */
const NO_CLAIM = new Set(['', 'application/octet-stream']);

function refuse(message: string): never {
  throw new UseCaseError('ATTACHMENT_REJECTED', { message });
}

/** Where `needle` occurs in `bytes`, every position. */
function positionsOf(bytes: Buffer, needle: Buffer): number[] {
  const found: number[] = [];
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
    found.push(at);
  }
  return found;
}

/** A Windows executable inside the file: "MZ" whose header points at a "PE\0\0" header. */
function hasEmbeddedPe(bytes: Buffer): boolean {
  return positionsOf(bytes, Buffer.from('MZ')).some((at) => {
    if (at + 0x40 > bytes.length) return false;
    const peAt = at + bytes.readUInt32LE(at + 0x3c);
    return peAt + 4 <= bytes.length && bytes.readUInt32BE(peAt) === 0x50450000;
  });
}

/** A Linux executable inside the file: the ELF magic with a valid class, order and version. */
function hasEmbeddedElf(bytes: Buffer): boolean {
  return positionsOf(bytes, Buffer.from([0x7f, 0x45, 0x4c, 0x46])).some((at) => {
    const [cls, order, version] = [bytes[at + 4], bytes[at + 5], bytes[at + 6]];
    return (cls === 1 || cls === 2) && (order === 1 || order === 2) && version === 1;
  });
}

/**
 * A ZIP archive appended to the file: its end record sits at the end of the file (with its
 * comment), which is where every ZIP reader looks, so the file also opens as an archive.
 */
function hasTrailingZip(bytes: Buffer): boolean {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  return positionsOf(bytes.subarray(from), Buffer.from([0x50, 0x4b, 0x05, 0x06])).some((at) => {
    const end = from + at + 22;
    return end <= bytes.length && end + bytes.readUInt16LE(from + at + 20) === bytes.length;
  });
}

/** Script a browser or a web server would run, hidden in an image. */
function hasScriptText(bytes: Buffer): boolean {
  const text = bytes.toString('latin1').toLowerCase();
  return ['<script', '<?php', '<html'].some((marker) => text.includes(marker));
}

/** The bytes after a PNG's IEND chunk (or -1 when the chunks do not add up). */
function bytesAfterPng(bytes: Buffer): number {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    at += 12 + length;
    if (type === 'IEND') return at <= bytes.length ? bytes.length - at : -1;
  }
  return -1;
}

/** PDF actions that run something when the file is opened, or files carried inside it. */
function hasActivePdfContent(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  return ['/JavaScript', '/Launch', '/EmbeddedFiles'].some((name) => text.includes(name));
}

/** Why a file of this detected type is also something else, or null. */
function polyglotProblem(ext: string, bytes: Buffer): string | null {
  if (hasEmbeddedPe(bytes) || hasEmbeddedElf(bytes)) {
    return '文件中夹带了可执行程序，已拒绝。请用扫描仪或高拍仪重新扫描原件后上传';
  }
  const archive = ext === 'docx' || ext === 'xlsx';
  if (!archive && hasTrailingZip(bytes)) {
    return '文件末尾附带了压缩包，已拒绝。请用扫描仪或高拍仪重新扫描原件后上传';
  }
  if (ext === 'png') {
    const after = bytesAfterPng(bytes);
    if (after === -1) return 'PNG 图片已损坏，无法核对内容。请重新扫描后上传';
    if (after > 0) return 'PNG 图片结尾之后还附带了其他内容，已拒绝。请重新扫描后上传';
  }
  if ((ext === 'png' || ext === 'jpg') && hasScriptText(bytes)) {
    return '图片中夹带了网页脚本，已拒绝。请用扫描仪或高拍仪重新扫描原件后上传';
  }
  if (ext === 'pdf' && hasActivePdfContent(bytes)) {
    return 'PDF 中含有脚本、启动程序的动作或夹带的文件，已拒绝。请用扫描仪直接扫描为 PDF 后上传';
  }
  return null;
}

/**
 * The MIME type of an upload as detected from its content, once it matches the name's
 * extension and the declared type and is not a polyglot; otherwise the typed refusal.
 */
export async function checkAttachmentContent(file: {
  name: string;
  declaredType?: string | undefined;
  bytes: Uint8Array;
}): Promise<string> {
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const detected = await fileTypeFromBuffer(bytes);
  const known = detected ? KNOWN_TYPES[detected.ext] : undefined;
  const extension = attachmentExtension(file.name);
  if (!detected || !known) {
    refuse(
      `无法识别文件内容${detected ? `（实际是 ${detected.ext.toUpperCase()} 文件）` : ''}，只能上传扫描件或办公文档。请用扫描仪或高拍仪另存为 JPG、PNG 或 PDF 后上传`,
    );
  }
  if (!known.extensions.includes(extension)) {
    refuse(
      `文件内容是 ${detected.ext.toUpperCase()}，与文件名后缀“.${extension}”不符。请确认选对了文件，或另存为正确格式后上传`,
    );
  }
  const declared = (file.declaredType ?? '').trim().toLowerCase();
  if (!NO_CLAIM.has(declared) && !known.declared.includes(declared)) {
    refuse(
      `文件内容是 ${detected.ext.toUpperCase()}，与声明的类型“${declared}”不符。请确认选对了文件后重新上传`,
    );
  }
  const problem = polyglotProblem(detected.ext, bytes);
  if (problem) refuse(problem);
  return detected.mime;
}
