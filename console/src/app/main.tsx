/** Browser entry (index.html loads it). */
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { storedLocale } from './i18n/i18n-context.tsx';
import { loadLocale } from './i18n/load-locale.ts';
import './styles/base.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// Someone who chose English or Chinese gets those words before the first paint (a Vietnamese
// screen is immediate: its words are in this bundle); a failed load starts in Vietnamese.
void loadLocale(storedLocale())
  .catch(() => undefined)
  .then(() => {
    const app = createRoot(root);
    // A transition: React renders the first screen in slices and yields to the browser between
    // them, instead of one long task (on a phone's slower CPU that task blocks every tap).
    startTransition(() =>
      app.render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
  });
