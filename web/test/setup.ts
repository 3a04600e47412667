import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { i18n } from '../lib/i18n';

// Pages are lazy chunks: the first render of one may take more than the default second.
configure({ asyncUtilTimeout: 15_000 });

// jsdom lacks these browser APIs that antd relies on (responsive grid, resize observers).
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string): MediaQueryList => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

// jsdom does not implement pseudo-element styles (antd asks for them while measuring scrollbars).
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

afterEach(async () => {
  cleanup();
  window.localStorage.clear();
  await i18n.changeLanguage('vi');
});
