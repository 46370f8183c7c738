/**
 * A small History-API router (no dependency): the current location as React state,
 * `navigate()`, and `<Link>` that keeps ctrl/middle-click opening a new tab.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export interface Location {
  pathname: string;
  search: string;
}

export interface Router {
  location: Location;
  /** Push (or replace) a same-origin path, e.g. `/operator/queue?stage=xray`. */
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<Router | null>(null);

function currentLocation(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

/**
 * @example
 * <RouterProvider><Routes /></RouterProvider>
 */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(currentLocation);
  useEffect(() => {
    const onPop = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const url = new URL(to, window.location.href);
    const same = url.pathname === window.location.pathname && url.search === window.location.search;
    if (options.replace || same) window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    else window.history.pushState(null, '', url.pathname + url.search + url.hash);
    setLocation(currentLocation());
    if (!options.replace && !same) window.scrollTo?.(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** @example const { location, navigate } = useRouter(); */
export function useRouter(): Router {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter() outside <RouterProvider>');
  return value;
}

/** The current query string as URLSearchParams (read-only; change it with navigate). */
export function useSearchParams(): URLSearchParams {
  const { location } = useRouter();
  return useMemo(() => new URLSearchParams(location.search), [location.search]);
}

/**
 * An `<a href>` that navigates without reloading the page.
 *
 * @example
 * <Link to="/operator/queue">{t('nav.operator.queue')}</Link>
 */
export function Link({ to, onClick, ...rest }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const { navigate, location } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  const current = location.pathname === to ? 'page' : undefined;
  return <a href={to} aria-current={current} onClick={handle} {...rest} />;
}
