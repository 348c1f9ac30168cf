import type { ReaderLibraries } from '../../contract/idcard-channels';
import type { ReaderSettings, ServiceContext } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/** The reader vendor's libraries found on this machine, for the supervisor's choice. */
export function detectedReaderLibraries(ctx: Pick<ServiceContext, 'idcard'>): ReaderLibraries {
  return ctx.idcard.detectLibraries();
}

type LibraryChoice = Pick<ReaderSettings, 'idcardSdkLibrary' | 'idcardPhotoDecoder'>;

/**
 * A reader's SDK and its photo decoder are loaded into the core and run as the app's user:
 * like the CA key drivers, a changed choice must be one of the libraries detected on this
 * machine (known names, in the app's vendor folder or a protected system folder), never a
 * typed path. An unchanged or empty choice passes; the desk checks the file again before
 * loading it.
 */
export function requireDetectedReaderLibraries(
  ctx: Pick<ServiceContext, 'idcard'>,
  before: LibraryChoice,
  next: LibraryChoice,
): void {
  const changedSdk =
    next.idcardSdkLibrary !== '' && next.idcardSdkLibrary !== before.idcardSdkLibrary;
  const changedDecoder =
    next.idcardPhotoDecoder !== '' && next.idcardPhotoDecoder !== before.idcardPhotoDecoder;
  if (!changedSdk && !changedDecoder) return;
  const detected = ctx.idcard.detectLibraries();
  const fields: Record<string, string> = {};
  const refused: string[] = [];
  if (changedSdk && !detected.sdk.some((found) => found.path === next.idcardSdkLibrary)) {
    fields.idcardSdkLibrary =
      '请从“检测到的接口库”中选择；如列表中没有，请先安装读卡器厂商的接口库';
    refused.push(next.idcardSdkLibrary);
  }
  if (
    changedDecoder &&
    !detected.photoDecoder.some((found) => found.path === next.idcardPhotoDecoder)
  ) {
    fields.idcardPhotoDecoder =
      '请从“检测到的照片解码库”中选择；如列表中没有，请先安装读卡器厂商的照片解码库';
    refused.push(next.idcardPhotoDecoder);
  }
  if (refused.length === 0) return;
  throw new UseCaseError('BAD_REQUEST', {
    message: `只能从本机检测到的读卡器厂商库中选择，不能填写其他路径：${refused.join('、')}。`,
    fields,
  });
}
