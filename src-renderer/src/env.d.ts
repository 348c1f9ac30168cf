// Ambient declarations for the renderer. This file sits in src/ because tsconfig.web.json only
// includes src-renderer/src/**.

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

/** The desktop shell's preload exposes the contract's API here; the browser shell does not. */
interface Window {
  readonly counterApi?: import('../../src-main/contract').CounterApi;
}

declare module '*?url' {
  const url: string;
  export default url;
}
