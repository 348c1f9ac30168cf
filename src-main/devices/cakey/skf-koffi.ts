import { koffiPackage } from '../lazy-package';
import type { KoffiForSkf } from './skf-module';

/** koffi as the SKF module uses it. */
export const machineKoffiForSkf: KoffiForSkf = {
  load: (path) => {
    const library = koffiPackage().load(path);
    return { func: (definition) => library.func(definition), unload: () => library.unload() };
  },
};
