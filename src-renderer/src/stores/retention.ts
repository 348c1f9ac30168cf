import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  ArchiveBatchResult,
  PurgePreview,
  PurgeProgress,
  RetentionOverview,
  RetentionSettingsView,
} from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** How often the screen asks for the purge's progress while it runs. */
const PROGRESS_POLL_MS = 500;

/** The 归档与保存期限 screen: settings, the archive batch, the purge preview and its progress. */
export const useRetentionStore = defineStore('retention', () => {
  const overview = ref<RetentionOverview | null>(null);
  const batch = ref<ArchiveBatchResult | null>(null);
  const preview = ref<PurgePreview | null>(null);
  const progress = ref<PurgeProgress | null>(null);
  const busy = ref(false);
  let poll: ReturnType<typeof setTimeout> | null = null;

  /** Loads the settings, counts and the last run. */
  async function load(): Promise<void> {
    const result = await api.retention.overview({});
    if (result.ok) overview.value = result.value;
    else showError(result.error);
    await refreshProgress();
  }

  /** Saves the settings; returns the field errors of a refusal. */
  async function save(
    settings: Partial<RetentionSettingsView>,
  ): Promise<Record<string, string> | null> {
    busy.value = true;
    const result = await api.retention.updateSettings(settings);
    busy.value = false;
    if (result.ok) {
      overview.value = result.value;
      preview.value = null;
      return null;
    }
    showError(result.error);
    return result.error.fields ?? {};
  }

  /** Archives every accepted case whose signed forms are in, now. */
  async function runBatch(): Promise<void> {
    busy.value = true;
    const result = await api.archive.runBatch({});
    busy.value = false;
    if (result.ok) {
      batch.value = result.value;
      await load();
    } else showError(result.error);
  }

  /** Shows what a purge would remove now. */
  async function makePreview(): Promise<void> {
    busy.value = true;
    const result = await api.retention.preview({});
    busy.value = false;
    if (result.ok) preview.value = result.value;
    else showError(result.error);
  }

  /** Starts the purge of the preview on screen and follows its progress. */
  async function runPurge(): Promise<void> {
    if (!preview.value) return;
    const result = await api.retention.run({ previewId: preview.value.previewId });
    if (!result.ok) {
      showError(result.error);
      return;
    }
    progress.value = result.value;
    preview.value = null;
    schedulePoll();
  }

  async function refreshProgress(): Promise<void> {
    const result = await api.retention.progress({});
    if (!result.ok) return;
    progress.value = result.value;
    if (result.value.state === 'running') schedulePoll();
  }

  function schedulePoll(): void {
    if (poll) clearTimeout(poll);
    poll = setTimeout(() => {
      poll = null;
      void refreshProgress().then(() => {
        if (progress.value?.state !== 'running') void load();
      });
    }, PROGRESS_POLL_MS);
  }

  onSessionEnd(() => {
    if (poll) clearTimeout(poll);
    overview.value = null;
    batch.value = null;
    preview.value = null;
    progress.value = null;
  });

  return { overview, batch, preview, progress, busy, load, save, runBatch, makePreview, runPurge };
});
