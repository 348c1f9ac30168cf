import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ContractErrorPayload } from '../../../src-main/contract';
import type {
  AccountLookupAnswer,
  AccountQuery,
} from '../../../src-main/domain/ports/account-directory';
import { api } from '../api';
import { onSessionEnd } from './session';

/**
 * 查找账号: the last query and the platform's answer. A case page hands its ID number or
 * credit code over here (never through the address bar), so 查找 from a refusal needs no typing.
 */
export const useLookupStore = defineStore('lookup', () => {
  const prefill = ref<AccountQuery | null>(null);
  const answer = ref<AccountLookupAnswer | null>(null);
  const asked = ref<AccountQuery | null>(null);
  const error = ref<ContractErrorPayload | null>(null);
  const busy = ref(false);

  /** Asks the platform; the answer or the refusal stays on the screen. */
  async function lookup(query: AccountQuery): Promise<void> {
    busy.value = true;
    error.value = null;
    const result = await api.account.lookup(query);
    busy.value = false;
    if (result.ok) {
      answer.value = result.value;
      asked.value = query;
    } else {
      answer.value = null;
      error.value = result.error;
    }
  }

  /** Forgets everything: a lookup's answer is personal data of the applicant at the counter. */
  function reset(): void {
    prefill.value = null;
    answer.value = null;
    asked.value = null;
    error.value = null;
  }

  onSessionEnd(reset);

  return { prefill, answer, asked, error, busy, lookup, reset };
});
