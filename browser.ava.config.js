// `pnpm test:browser`: the tests that drive Debian's Chromium (not part of `pnpm test`).
export default {
  files: ['packages/cli/browser/dist/*.browser.test.js', 'packages/view/browser/dist/*.browser.test.js'],
  timeout: '3m',
  workerThreads: false,
};
