import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { AroundNavHandler, NavigateOptions } from 'wouter';

/**
 * Asks before an in-app route change leaves unsaved work (wouter has no blocker): the designer
 * registers a guard ("are there unsaved changes?"), `aroundNav` holds every link, `navigate` and
 * redirect while it says yes, and the back/forward buttons are caught on `popstate` (the URL is
 * put back until the user chooses). A reload or closing the tab is the browser's own question.
 */
type Guard = () => boolean;

interface Pending {
  readonly go: () => void;
}

let guard: Guard | null = null;
let pending: Pending | null = null;
/** The URL shown now: where a back button press is undone to while the user chooses. */
let shownUrl = typeof location === 'undefined' ? '/' : currentUrl();
const listeners = new Set<() => void>();

function currentUrl(): string {
  return `${location.pathname}${location.search}${location.hash}`;
}

function setPending(next: Pending | null): void {
  pending = next;
  for (const listener of listeners) listener();
}

/**
 * Leaving for the login page is never held (the session is gone, nothing could be saved), nor a
 * link to the page shown.
 */
const blocks = (to: string, from: string) =>
  guard !== null && to !== from && !to.startsWith('/login') && guard();

/** wouter's Router `aroundNav`: a navigation that would lose work waits for Stay or Leave. */
export const guardedNav: AroundNavHandler = (navigate, to, options?: NavigateOptions) => {
  const go = () => navigate(to, options);
  if (options?.replace || !blocks(to, location.pathname)) go();
  else setPending({ go });
};

if (typeof window !== 'undefined') {
  // Registered before wouter subscribes (at its first render), so this listener runs first and
  // can hide a back/forward move from the router.
  window.addEventListener('popstate', (event) => {
    const target = currentUrl();
    if (!blocks(target, shownUrl)) {
      shownUrl = target;
      return;
    }
    event.stopImmediatePropagation();
    history.pushState(history.state, '', shownUrl);
    setPending({ go: () => history.pushState(null, '', target) });
  });
  for (const type of ['pushState', 'replaceState'])
    window.addEventListener(type, () => {
      shownUrl = currentUrl();
    });
}

/** The navigation waiting for the user's choice, if any. */
export function usePendingLeave(): Pending | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => pending,
  );
}

export function stay(): void {
  setPending(null);
}

/** Goes where the user asked, without asking again. */
export function leave(): void {
  const go = pending?.go;
  const held = guard;
  guard = null;
  setPending(null);
  go?.();
  if (guard === null) guard = held;
}

/** While mounted, route changes ask first whenever `unsaved()` says so (read at the time). */
export function useLeaveGuard(unsaved: Guard): void {
  const latest = useRef(unsaved);
  latest.current = unsaved;
  useEffect(() => {
    const own: Guard = () => latest.current();
    guard = own;
    return () => {
      if (guard === own) guard = null;
    };
  }, []);
}
