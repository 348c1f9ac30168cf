import { ref } from 'vue';

/**
 * The one person the reader is waiting for, across every 读取身份证 on screen: the core ends
 * an older wait when a newer one starts, and the screen says whose wait that was.
 */
export const cardWaitOwner = ref<symbol | null>(null);
