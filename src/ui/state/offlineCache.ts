// Registers the service worker (public/sw.js) that keeps the built site for offline re-visits.
// Only in a production build over http(s): the dev server's modules change on every edit.
export function registerOfflineCache(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {
      // No offline cache (private mode, blocked): the site still works online.
    });
  });
}
