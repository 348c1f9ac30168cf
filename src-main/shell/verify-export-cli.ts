import { resolve } from 'node:path';
import { describeMismatch } from '../domain/export-manifest';
import { verifyExportZip } from '../export/verify-zip';

/**
 * `npm run verify-export -- file.zip`: checks a supervisor's export file by file against its
 * manifest without the app or its store, e.g. on an inspector's computer. Exit code 0 when
 * intact, 1 when any file differs (each one named), 2 when the file cannot be checked.
 */
async function main(paths: readonly string[]): Promise<number> {
  if (paths.length === 0) {
    console.error('用法：npm run verify-export -- 导出文件.zip');
    return 2;
  }
  let worst = 0;
  for (const path of paths) {
    const result = await verifyExportZip(resolve(path));
    if (result.kind === 'unreadable') {
      console.error(`${path}：无法打开（${result.detail}）`);
      worst = 2;
      continue;
    }
    if (result.kind === 'no-manifest') {
      console.error(`${path}：没有本程序的 manifest.json，无法校验`);
      worst = 2;
      continue;
    }
    const { manifest, mismatches } = result;
    console.log(
      `${path}：${manifest.app.name} ${manifest.app.version} 于 ${manifest.createdAt} 导出，` +
        `负责人 ${manifest.supervisor.name}，办件 ${manifest.caseCount} 件，` +
        `${manifest.fullData ? '含未脱敏个人信息' : '个人信息已脱敏'}`,
    );
    console.log(`manifest.json SHA-256：${result.manifestSha256}`);
    if (mismatches.length === 0) {
      console.log(`校验通过：${result.filesChecked} 个文件与清单一致。`);
    } else {
      for (const mismatch of mismatches) console.log(`不一致：${describeMismatch(mismatch)}`);
      console.log(`校验未通过：${mismatches.length} 处不一致。`);
      worst = Math.max(worst, 1);
    }
  }
  return worst;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
