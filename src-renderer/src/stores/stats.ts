import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { StatsReport } from '../../../src-main/contract/stats-channels';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** A local calendar date as YYYY-MM-DD (the hall's day, as in the case numbers). */
export function localDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function daysAgo(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return localDay(date);
}

/** The supervisor's statistics screen: the period, the figures, the daily report preview. */
export const useStatsStore = defineStore('stats', () => {
  /** The period shown, the last seven days by default. */
  const period = ref<[string, string]>([daysAgo(6), daysAgo(0)]);
  const clerkId = ref<number | null>(null);
  const report = ref<StatsReport | null>(null);
  const loading = ref(false);
  const reportDay = ref(daysAgo(0));
  const preview = ref<{ title: string; pdfBase64: string } | null>(null);
  const previewing = ref(false);
  const printing = ref(false);

  /** Loads the figures of the chosen period and clerk. */
  async function load(): Promise<void> {
    loading.value = true;
    const [from, to] = period.value;
    const result = await api.stats.report({ from, to, clerkId: clerkId.value ?? undefined });
    loading.value = false;
    if (result.ok) report.value = result.value;
    else showError(result.error);
  }

  /** Renders the daily report of the chosen day for the preview dialog. */
  async function openPreview(): Promise<void> {
    previewing.value = true;
    const result = await api.stats.dailyReport({ day: reportDay.value });
    previewing.value = false;
    if (result.ok) preview.value = result.value;
    else showError(result.error);
  }

  /** Prints the previewed daily report on the counter's printer. */
  async function print(): Promise<boolean> {
    printing.value = true;
    const result = await api.stats.printDailyReport({ day: reportDay.value });
    printing.value = false;
    if (!result.ok) showError(result.error);
    return result.ok;
  }

  onSessionEnd(() => {
    report.value = null;
    preview.value = null;
    clerkId.value = null;
  });

  return {
    period,
    clerkId,
    report,
    loading,
    reportDay,
    preview,
    previewing,
    printing,
    load,
    openPreview,
    print,
  };
});
