/*
 * BorderFlow's service worker: shows the Web Push the server sends on a call-up, hold or release
 * (title, body and the trip page to open, already in the driver's language), even when the
 * console is closed or the phone is locked; a tap opens (or focuses) the trip page.
 */
self.addEventListener('push', (event) => {
  let message = { title: 'BorderFlow', body: '', url: '/driver' };
  try {
    message = { ...message, ...event.data.json() };
  } catch {
    // Not JSON: show the text as it came.
    if (event.data) message.body = event.data.text();
  }
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: 'borderflow-call-up',
      renotify: true,
      requireInteraction: true,
      data: { url: message.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/driver', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
