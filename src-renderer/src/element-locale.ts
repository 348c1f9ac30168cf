import { provideGlobalConfig } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import type { App } from 'vue';

/**
 * Element Plus's own words (dialog close, empty table, date picker, pagination) in Chinese,
 * for every component of the app and for toasts, which render outside it.
 */
export function provideChineseLocale(app: App): void {
  provideGlobalConfig({ locale: zhCn }, app, true);
}
